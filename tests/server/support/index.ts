// Test and bench support for the team server, all real processes (no mocks):
// - startServerProcess: the server as a child process (SIGTERM stop, SIGKILL crash)
// - startPostgres / startRedis: a throwaway Postgres cluster and redis-server on free ports
// - adminClient / joinTeam / whoAmI / createTeamWithMembers / call: the HTTP API
// - connectMember / openDocument: a member's Node HocuspocusProvider (ws as WebSocket)
// No vitest imports: the bench (100 simulated members) and the extension's e2e tests use it.
export * from './api';
export * from './client';
export * from './postgres';
export * from './redis';
export * from './server-process';
export * from './util';
