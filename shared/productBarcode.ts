/**
 * Product barcodes a cashier may scan by mistake instead of the coupon: EAN-13, UPC-A (12
 * digits) and EAN-8, each with its GS1 check digit. Knowing it is a product lets the till say "not a coupon: that is a product barcode" instead
 * of "code not found".
 */

/** GS1 mod-10 check digit over all digits but the last (weights 3,1,3,... from the right). */
function gs1CheckOk(digits: string): boolean {
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48;
}

/** True when `text` looks like a product's EAN/UPC barcode (all digits, a product length, a valid check digit). */
export function looksLikeProductBarcode(text: string): boolean {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return false;
  if (t.length === 13 || t.length === 12 || t.length === 8) return gs1CheckOk(t);
  return false;
}
