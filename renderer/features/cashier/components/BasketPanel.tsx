import { parseMinor } from '../../../../shared/money';
import { useFormat } from '../../../lib/format';
import { useT } from '../../../i18n';
import { useBasketStore } from '../store/useBasketStore';

/** The basket's coupons with stacking applied (main's order and amounts) and the total after discounts. */
export function BasketPanel() {
  const t = useT();
  const f = useFormat();
  const coupons = useBasketStore((s) => s.coupons);
  const totalText = useBasketStore((s) => s.totalText);
  const total = parseMinor(totalText);
  const discount = coupons?.totalDiscountMinor ?? 0;
  const list = coupons?.coupons ?? [];
  return (
    <section className="basket" data-testid="basket">
      <h2 className="basket__title">{t('cashier.coupons')}</h2>
      {list.length === 0 ? <p className="muted">{t('cashier.noCoupons')}</p> : null}
      <ol className="basket__list">
        {list.map((c) => (
          <li key={c.redemptionId} className="basket__row" data-testid="basket-coupon">
            <span className="basket__name">{c.campaignName}</span>
            <span className="basket__amount">{f.discount(c.discountMinor)}</span>
            <span className="basket__key mono" title={c.couponKey}>
              {c.couponKey}
            </span>
            {c.benefitText ? <span className="basket__benefit">{c.benefitText}</span> : null}
          </li>
        ))}
      </ol>
      <dl className="basket__totals">
        <dt>{t('cashier.totalBefore')}</dt>
        <dd>{total === null ? '—' : f.money(total)}</dd>
        <dt>{t('cashier.totalDiscount')}</dt>
        <dd data-testid="basket-discount">{f.discount(discount)}</dd>
        <dt className="basket__pay">{t('cashier.totalAfter')}</dt>
        <dd className="basket__pay" data-testid="basket-to-pay">
          {total === null ? '—' : f.money(Math.max(0, total - discount))}
        </dd>
      </dl>
    </section>
  );
}
