// Every selector Handlebook uses on X's page. data-testid first, never X's generated class
// names (they change on every deploy). When X redesigns, this file is where to look.

export const SELECTORS = {
  tweet: 'article[data-testid="tweet"]',
  tweetText: '[data-testid="tweetText"]',
  userName: '[data-testid="User-Name"]',
  avatarContainerPrefix: 'UserAvatar-Container-',
  cell: '[data-testid="cellInnerDiv"]',
  primaryColumn: '[data-testid="primaryColumn"]',
  /** Follow / unfollow buttons carry the permanent user id: "<id>-follow", "<id>-unfollow"
   *  (one selector for both; FOLLOW_TESTID checks the rest). */
  followButton: 'button[data-testid$="follow"]',
  userCell: '[data-testid="UserCell"]',
  hoverCard: '[data-testid="HoverCard"]',
  profileUserName: '[data-testid="UserName"]',
  profileHeaderItems: '[data-testid="UserProfileHeader_Items"]',
  profileDescription: '[data-testid="UserDescription"]',
  profileActions: '[data-testid="userActions"]',
  composerTextbox: '[data-testid^="tweetTextarea_"][role="textbox"], textarea[data-testid^="tweetTextarea_"]',
  sendButton: 'button[data-testid="tweetButtonInline"], button[data-testid="tweetButton"]',
  addThreadButton: 'button[data-testid="addButton"]',
} as const;

/** data-testid of a follow button: "<numeric id>-follow" or "-unfollow". */
export const FOLLOW_TESTID = /^([0-9]{1,20})-(?:un)?follow$/;
