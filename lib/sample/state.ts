import type { HandlebookDatabase } from '../db/database';
import { findCustomerByHandle } from '../db/customer-store';
import { SAMPLE_CUSTOMERS, SAMPLE_PACK_ID, SAMPLE_TAG } from './desk';

/** What of the sample desk is in the book now (pages read it live; only the worker writes). */
export interface SampleState {
  /** Sample customers present (still tagged `sample`). */
  customers: number;
  /** The sample replies' pack is installed. */
  replies: boolean;
}

export async function readSampleState(db: HandlebookDatabase): Promise<SampleState> {
  const found = await Promise.all(SAMPLE_CUSTOMERS.map((s) => findCustomerByHandle(db, s.handle)));
  const customers = found.filter((c) => c?.tags.includes(SAMPLE_TAG)).length;
  return { customers, replies: (await db.packs.get(SAMPLE_PACK_ID)) !== undefined };
}

/** True when anything of the sample is loaded. */
export function sampleLoaded(state: SampleState | undefined): boolean {
  return !!state && (state.customers > 0 || state.replies);
}
