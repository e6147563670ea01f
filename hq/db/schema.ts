import type { Generated } from 'kysely';

/**
 * HQ's tables, as Kysely sees them. Times are UTC epoch ms; booleans are 0/1 integers so the
 * same rows work on SQLite and PostgreSQL.
 */
export interface HqTables {
  stores: { id: string; name: string; time_zone: string; created_at: number; /** ISO 4217, e.g. CNY. */ currency: string };
  tills: {
    id: string;
    store_id: string;
    name: string;
    /** SHA-256 (hex) of the till's bearer credential; null until enrolled. */
    credential_hash: string | null;
    enrolled_at: number | null;
    created_at: number;
  };
  enrollment_tokens: { token_hash: string; till_id: string; expires_at: number; used_at: number | null };
  campaigns: { id: number; body: string; version: number; updated_at: number };
  issuing_keys: { key_id: number; public_key: string; private_key: string; status: string; created_at: number };
  issued_codes: {
    coupon_key: string;
    campaign_id: number;
    key_id: number;
    serial: number;
    code: string;
    issue_day: number;
    expiry_day: number;
    holder: string | null;
    created_at: number;
  };
  /** Bounce-back codes HQ signed for a till to hand out (decision 086): serials serial_from..serial_to of the campaign. */
  issuing_blocks: { id: string; till_id: string; store_id: string; campaign_id: number; serial_from: number; serial_to: number; created_at: number };
  /** Each bounce-back code a till reported it handed out. */
  till_issuances: {
    coupon_key: string;
    campaign_id: number;
    till_id: string;
    store_id: string;
    basket_id: string;
    receipt_no: string | null;
    paid_minor: number;
    issued_at: number;
    received_at: number;
  };
  plain_batches: { id: string; campaign_id: number; count: number; created_at: number };
  plain_codes: { hash: string; campaign_id: number; batch_id: string };
  revocations: { coupon_key: string; reason: string; created_at: number };
  /** One row per coupon key: the row HQ locks to serialise decisions about that code. */
  code_state: { coupon_key: string; winners: number; updated_at: number };
  redemptions: {
    id: string;
    kind: string;
    voids_id: string | null;
    coupon_key: string;
    campaign_id: number;
    store_id: string;
    till_id: string;
    hlc: string;
    body: string;
    body_hash: string;
    received_at: number;
    /** accepted | conflict | resolved (redeems); applied (voids). */
    status: string;
    winner_id: string | null;
    voided: number;
    resolution: string | null;
    note: string | null;
    /** The till's outbox sequence number (null from older tills). */
    seq: number | null;
    /** 1: its HLC is not a time the till could honestly have; ranked after every believable redemption of its code. */
    clock_suspect: number;
    /** JSON object of flags for a person (hq/services/checks.ts), null when none. */
    flags: string | null;
  };
  /** Every version of every campaign HQ published (figures are recomputed from the one a till used). */
  campaign_versions: { campaign_id: number; version: number; body: string; published_at: number };
  /** One row per redemption that lost a use (the managers' conflict list). */
  conflicts: {
    redemption_id: string;
    coupon_key: string;
    /** The redemption that holds the last use this one lost to. */
    winner_id: string;
    /** How it lost: new_loser (arrived after the code was used up) | displaced (an earlier redemption arrived later and took its use). */
    kind: string;
    /** open | resolved | cleared (a void freed a use and this redemption won after all) */
    state: string;
    created_at: number;
    updated_at: number;
    resolution: string | null;
    note: string | null;
    resolved_at: number | null;
  };
  /** Online claims: a use of a code held for one till until its redemption arrives or the hold expires. */
  claims: { id: string; coupon_key: string; till_id: string; created_at: number; expires_at: number; redemption_id: string | null };
  /**
   * The change log tills pull from: one stream per store (stream = the store id) and the chain's
   * ('*'). Within a stream, versions are gap-free (from migration 22 on) and commit in order.
   */
  changes: {
    stream: string;
    version: number;
    kind: string;
    store_id: string | null;
    till_id: string | null;
    payload: string;
    created_at: number;
  };
  /** Users HQ manages; tills receive them through the change log ('user' changes). */
  users: {
    id: string;
    name: string;
    /** cashier | supervisor | manager (shared/permissions.ts) */
    role: string;
    /** The one store whose tills get this user; null: every store of the chain. */
    store_id: string | null;
    /** scrypt hash of the PIN (shared/auth/pinHash.ts); the PIN itself is never kept. */
    pin_hash: string;
    disabled: number;
    created_at: number;
    updated_at: number;
  };
  /** Named admin accounts (hq/services/adminAccounts.ts); the token itself is never kept. */
  admin_accounts: {
    id: string;
    name: string;
    /** owner | campaigns | stores | auditor */
    role: string;
    /** SHA-256 (hex) of the account's bearer token. */
    token_hash: string;
    disabled: number;
    created_at: number;
    updated_at: number;
    token_rotated_at: number;
  };
  /** Every admin write, append-only (the database refuses UPDATE and DELETE). */
  admin_audit: {
    seq: Generated<number>;
    at: number;
    /** null: HQ itself (the first owner made from the admin-token file). */
    account_id: string | null;
    account_name: string;
    role: string;
    /** What was done, e.g. store.add, campaign.update, account.rotate. */
    action: string;
    method: string;
    path: string;
    /** The id of what it was done to, when it has one. */
    target: string | null;
    /** JSON of the thing before and after (never a token, a PIN or a private key). */
    before: string | null;
    after: string | null;
  };
  /** Each change stream's latest version (the row a write to that stream locks until it commits). */
  change_streams: { stream: string; head: number };
  /** Store-stream entries a push wrote, not yet numbered into `changes` (migration 29, decision 046; seq: generated). */
  pending_changes: {
    seq: Generated<number>;
    stream: string;
    kind: string;
    store_id: string | null;
    till_id: string | null;
    payload: string;
    created_at: number;
  };
  /** How far the spent relay has copied each store stream's spent facts into the chain stream. */
  spent_relay: { stream: string; relayed: number };
  /** Each spent list as it stands (migration 26, hq/services/spentList.ts): a portable Roaring bitmap, base64url. */
  spent_lists: { list: string; campaign_id: number; bitmap: string; version: number; dropped: number };
  /** What each spent version changed in each list (bitmaps, base64url; dropped 1: the list left whole). */
  spent_deltas: { version: number; list: string; campaign_id: number; added: string; removed: string; dropped: number };
  counters: { name: string; value: number };
  hq_settings: { name: string; value: string };
  /** A POS order as its events left it (migration 23; hq/services/orders.ts). Days are store days 'YYYY-MM-DD'. */
  pos_orders: {
    store_id: string;
    till_id: string;
    order_id: string;
    /** closed | partially_returned | returned | cancelled */
    state: string;
    receipt_no: string | null;
    paid_total_minor: number | null;
    total_minor: number | null;
    discount_minor: number | null;
    closed_at: number | null;
    closed_day: string | null;
    cancelled_at: number | null;
    cancelled_day: string | null;
    ended_by: string | null;
    /** How many redemptions the close named. */
    named_count: number;
    updated_at: number;
  };
  /** Every order event a till sent, applied once by id. */
  pos_order_events: {
    id: string;
    store_id: string;
    till_id: string;
    order_id: string;
    kind: string;
    at: number;
    day: string;
    body: string;
    body_hash: string;
    received_at: number;
  };
  /** The lines of a closed order, and how many units came back. */
  pos_order_lines: {
    store_id: string;
    till_id: string;
    order_id: string;
    line_id: string;
    sku: string;
    category: string | null;
    quantity: number;
    unit_price_minor: number;
    returned_quantity: number;
  };
  /** What one coupon took off one line at close (the ERP's per-line price modifier). */
  pos_line_modifiers: {
    store_id: string;
    till_id: string;
    order_id: string;
    line_id: string;
    redemption_id: string;
    campaign_id: number;
    amount_minor: number;
  };
  /** The discount given back on returned units, per return, redemption and line. */
  pos_reversals: {
    event_id: string;
    redemption_id: string;
    line_id: string;
    store_id: string;
    till_id: string;
    order_id: string;
    day: string;
    quantity: number;
    amount_minor: number;
  };
  /** Webhook endpoints an admin registered (migration 23); the signing secret only sealed. */
  webhook_endpoints: {
    id: string;
    url: string;
    secret_sealed: string;
    /** JSON array of event types. */
    events: string;
    store_id: string | null;
    disabled: number;
    created_at: number;
    updated_at: number;
  };
  /** The webhook outbox: one row per event and endpoint. pending | delivered | dead (the dead-letter list). */
  webhook_deliveries: {
    id: string;
    endpoint_id: string;
    event_id: string;
    event_type: string;
    body: string;
    state: string;
    attempts: number;
    next_attempt_at: number;
    lease_until: number | null;
    last_status: number | null;
    last_error: string | null;
    created_at: number;
    delivered_at: number | null;
  };
  /** Amendments of a redemption's figure a till sent (migration 26): the latest by HLC sets redemption_days.discount_minor. */
  redemption_amendments: {
    id: string;
    redemption_id: string;
    store_id: string;
    till_id: string;
    before_minor: number;
    after_minor: number;
    reason: string;
    hlc: string;
    at: number;
    body: string;
    body_hash: string;
    flags: string | null;
    received_at: number;
  };
  /** One row per redemption or void: its store day and POS order (null: a manual basket). */
  redemption_days: {
    redemption_id: string;
    store_id: string;
    till_id: string;
    day: string;
    /** redeem | void */
    kind: string;
    discount_minor: number;
    order_id: string | null;
    receipt_no: string | null;
    /** Copies of redemptions.voided and .status (a trigger keeps them). */
    voided: number;
    status: string;
    /** The store day its POS order closed; null: manual basket or not closed (yet). */
    order_closed_day: string | null;
    /** What the close's modifiers say this coupon took off; null: the close did not name it. */
    close_minor: number | null;
  };
}
