import { useEffect, useRef } from 'react';
import type { OrderView } from '../../../../shared/pos/orders';
import { isReasonCode } from '../../../../shared/reasons';
import { reasonText } from '../../../i18n/reasons';
import { useLanguageStore, useT } from '../../../i18n';
import { useFormat } from '../../../lib/format';
import '../../../styles/pos.css';

/** The POS's current order on the cashier's screen: its lines with their coupon share, the member, the coupons and the totals. */
export function PosOrderPanel({ order }: { order: OrderView }) {
  const t = useT();
  const f = useFormat();
  const language = useLanguageStore((s) => s.language);
  const { effects } = order;
  // When a coupon is added (or the text or window changes its layout) the panel's middle scrolls to its end,
  // so the newest coupon is in view beside the totals.
  const scroll = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const toEnd = () => {
      if (scroll.current) scroll.current.scrollTop = scroll.current.scrollHeight;
    };
    toEnd();
    window.addEventListener('resize', toEnd);
    return () => window.removeEventListener('resize', toEnd);
  }, [effects.coupons.length, language]);
  const flaggedText = (flag: { reason: string; params?: Record<string, string | number> }) =>
    isReasonCode(flag.reason)
      ? reasonText(flag.reason, language, flag.params, { currency: f.settings.currency, timeZone: f.settings.timeZone })
      : t('posOrder.noLongerFits');
  return (
    <section className="basket pos-order" data-testid="pos-order" data-order-id={order.orderId}>
      <h2 className="basket__title">{t('posOrder.title', { orderId: order.orderId })}</h2>
      <p className="muted" data-testid="pos-order-member">
        {order.memberId ? t('posOrder.member', { member: order.memberId, tier: order.memberTier ?? '—' }) : t('posOrder.noMember')}
      </p>
      {/* Lines and coupons scroll inside the panel; the totals below them stay in view at 768 px high. */}
      <div className="pos-order__scroll" data-testid="pos-order-scroll" ref={scroll}>
        <table className="table pos-order__lines">
          <thead>
            <tr>
              <th>{t('posOrder.item')}</th>
              <th className="col-money">{t('posOrder.amount')}</th>
              <th className="col-money">{t('posOrder.coupon')}</th>
            </tr>
          </thead>
          <tbody>
            {effects.lines.map((line) => {
              const l = order.lines.find((x) => x.lineId === line.lineId)!;
              return (
                <tr key={line.lineId} data-testid="pos-order-line">
                  <td>
                    {l.name ? (
                      <span title={l.sku} data-testid="pos-order-line-name">
                        {l.name}
                      </span>
                    ) : (
                      <span className="mono">{l.sku}</span>
                    )}{' '}
                    {t('posOrder.times', { quantity: l.quantity })}
                  </td>
                  <td className="col-money">{f.money(line.grossMinor)}</td>
                  <td className="col-money" data-testid="pos-order-line-discount">
                    {line.discountMinor ? f.discount(line.discountMinor) : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h3 className="basket__title">{t('posOrder.coupons')}</h3>
        {effects.coupons.length === 0 ? <p className="muted">{t('cashier.noCoupons')}</p> : null}
        <ol className="basket__list">
          {effects.coupons.map((c) => (
            <li key={c.redemptionId} className="basket__row" data-testid="pos-order-coupon" data-flagged={c.flagged ? 'true' : 'false'}>
              <span className="basket__name">{c.campaignName}</span>
              <span className="basket__amount">{f.discount(c.amountMinor)}</span>
              {c.flagged ? (
                <span className="basket__benefit error" data-testid="pos-order-flagged">
                  {flaggedText(c.flagged)}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <dl className="basket__totals pos-order__totals">
        <dt>{t('cashier.totalBefore')}</dt>
        <dd>{f.money(effects.totalMinor)}</dd>
        <dt>{t('cashier.totalDiscount')}</dt>
        <dd data-testid="pos-order-discount">{f.discount(effects.discountMinor)}</dd>
        <dt className="basket__pay">{t('cashier.totalAfter')}</dt>
        <dd className="basket__pay" data-testid="pos-order-to-pay">
          {f.money(effects.netMinor)}
        </dd>
      </dl>
    </section>
  );
}
