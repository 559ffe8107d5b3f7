// The three things Handlebook adds to x.com, each with a small drawing of it (made of plain
// elements, hidden from screen readers: the text says the same).

export function HowItWorks() {
  return (
    <ol className="hb-welcome-steps" aria-label="How Handlebook works on x.com">
      <li className="hb-welcome-card hb-welcome-step">
        <BadgeDrawing />
        <h2>
          <span className="hb-welcome-step-n">1</span> The badge
        </h2>
        <p>
          Beside every tweet by one of your customers, a badge says what you know: tags, how many conversations, how long since the last. It
          turns red while a case waits for your answer. Point at anyone else’s name for <em>+ note</em>.
        </p>
      </li>
      <li className="hb-welcome-card hb-welcome-step">
        <CardDrawing />
        <h2>
          <span className="hb-welcome-step-n">2</span> The card
        </h2>
        <p>
          Click a badge, or press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>H</kbd> on a tweet, for the customer card: notes, tags, the case, fields
          like an order number, and every reply you sent them.
        </p>
      </li>
      <li className="hb-welcome-card hb-welcome-step">
        <PickerDrawing />
        <h2>
          <span className="hb-welcome-step-n">3</span> The picker
        </h2>
        <p>
          In X’s reply box, press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>R</kbd> or type <code>;</code> and a shortcut for your canned replies,
          filled in for that customer. The bar above the box counts characters the way X does.
        </p>
      </li>
    </ol>
  );
}

function BadgeDrawing() {
  return (
    <div className="hb-welcome-drawing" aria-hidden="true">
      <div className="hb-welcome-tweet">
        <span className="hb-welcome-avatar" />
        <div>
          <div className="hb-welcome-author">
            <b>Priya Raman</b>
            <span className="hb-welcome-badge" data-waiting="true">
              VIP · 2 · waiting 3h
            </span>
          </div>
          <div className="hb-muted">@priya_codes · 3m</div>
          <div className="hb-welcome-line" />
          <div className="hb-welcome-line hb-welcome-line-short" />
        </div>
      </div>
    </div>
  );
}

function CardDrawing() {
  return (
    <div className="hb-welcome-drawing" aria-hidden="true">
      <div className="hb-welcome-minicard">
        <b>Priya Raman</b>
        <div className="hb-welcome-chips">
          <span>VIP</span>
          <span>wholesale</span>
          <span className="hb-welcome-chip-case">Waiting on us</span>
        </div>
        <div className="hb-welcome-note">Café owner, orders 20 kg a month. Promised a callback…</div>
        <div className="hb-muted">order_id: NW-50311 · 2 interactions</div>
      </div>
    </div>
  );
}

function PickerDrawing() {
  return (
    <div className="hb-welcome-drawing" aria-hidden="true">
      <div className="hb-welcome-composer">
        <div className="hb-welcome-meter">
          <span>Refund confirmed</span>
          <span className="hb-muted">143 / 280</span>
        </div>
        <div className="hb-welcome-box">;ref</div>
        <ul className="hb-welcome-menu">
          <li data-active="true">
            Refund confirmed <span className="hb-muted">;refund</span>
          </li>
          <li>
            Sorry about the damage <span className="hb-muted">;damaged</span>
          </li>
        </ul>
      </div>
    </div>
  );
}
