import { authorBadge } from './author-badge';
import { notePrompt } from './note-prompt';
import { replyLogger } from './reply-logger';
import { identityObserver } from './identity-observer';
import { profileSummary } from './profile-summary';
import { cardShortcut } from './card-shortcut';
import { takeShortcut } from './take-shortcut';
import { triageMarkers } from './triage-markers';
import { triageKeys } from './triage-keys';
import { composerBar } from './composer-bar';
import { sendGuard } from './send-guard';
import { replyPresence } from './reply-presence';
import type { Feature } from './feature';

/** Every in-page feature, in start order. Adding a feature = one file + one line here. */
export const FEATURES: readonly Feature[] = [
  identityObserver,
  authorBadge,
  notePrompt,
  profileSummary,
  composerBar,
  sendGuard,
  replyLogger,
  cardShortcut,
  takeShortcut,
  triageMarkers,
  triageKeys,
  replyPresence,
];
