// Every unit test gets a fresh in-memory IndexedDB, so the Dexie layer runs for real.
import 'fake-indexeddb/auto';
