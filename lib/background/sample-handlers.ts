import { RequestRejectedError } from '../messages/errors';
import type { ReplyOf, RequestOf } from '../messages/protocol';
import { loadSampleDesk, removeSampleDesk } from '../sample/load';
import type { HandlerContext } from './handlers';

// The sample desk's two messages. handlers.ts spreads them into HANDLERS; the router has already
// checked the sender (extension pages only) and refuses both to a team's viewers.

type SampleRequest = 'sample.load' | 'sample.remove';

export const SAMPLE_HANDLERS: { [T in SampleRequest]: (payload: RequestOf<T>, ctx: HandlerContext) => Promise<ReplyOf<T>> } = {
  'sample.load': async (_payload, ctx) => {
    // In a team every page shows the team's book, and whatever is written to it goes to every
    // member: made-up customers there would mislead the whole team. Loading them into the
    // personal book instead would show nothing until the person left the team. So: refused.
    const team = ctx.team?.teamName();
    if (team !== undefined) {
      throw new RequestRejectedError(
        `The sample desk is not loaded in team mode: this browser shows the team "${team}", and its made-up customers would be shared with every member. Try it in a browser profile that is not in a team.`,
      );
    }
    const outcome = await loadSampleDesk(ctx.db, ctx.now());
    ctx.changed({ all: true, templates: true });
    return outcome;
  },

  'sample.remove': async (_payload, ctx) => {
    const outcome = await removeSampleDesk(ctx.db);
    ctx.changed({ all: true, templates: true });
    return outcome;
  },
};
