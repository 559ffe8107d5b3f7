import type { ErrorCode } from './protocol';

/** What a request says when the background gave no (usable) answer. */
export const NO_ANSWER_MESSAGE = 'Handlebook did not answer. Try again in a moment.';

/** An error answered by the background, rebuilt on the caller's side with its code intact. */
export class HandlebookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HandlebookError';
  }
}

/** True when the extension was reloaded or updated under this (orphaned) content script. */
export function isContextInvalidated(error: unknown): boolean {
  return error instanceof Error && /Extension context invalidated/i.test(error.message);
}

/** True for the error Chrome gives while the service worker is still starting. */
export function isReceivingEndMissing(error: unknown): boolean {
  return error instanceof Error && /Receiving end does not exist|Could not establish connection/i.test(error.message);
}

/**
 * Thrown by a handler when the request is well-formed but cannot be done as asked (a template
 * with an unknown variable, a pack that is already subscribed). The router answers it as
 * `invalid_request` with this message, for the person to read.
 */
export class RequestRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestRejectedError';
  }
}
