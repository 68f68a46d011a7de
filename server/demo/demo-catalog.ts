// A deterministic, realistic catalog for a Pakistani apparel and general store, of any size (demo mode, tests, benches).
import { completeEan13 } from '../shared/ean13.ts';
import { minor, type Money } from '../shared/money.ts';
import { seededRandom } from '../shared/random.ts';

export { seededRandom };

export type DemoTaxClass = 'GST 18%' | 'GST 5%' | 'Exempt';
export const DEMO_TAX_RATES: Record<DemoTaxClass, number> = { 'GST 18%': 1800, 'GST 5%': 500, Exempt: 0 };

export interface DemoVariant {
  title: string;
  sku: string;
  /** Price in paisa; for weighed goods, per kilogram. */
  price: Money;
  compareAtPrice: Money | null;
  unit: 'each' | 'g';
  barcode: string | null;
  /** Opening stock in the variant's unit (pieces or grams). */
  stock: number;
}

export interface DemoProduct {
  title: string;
  vendor: string;
  productType: string;
  /** "Parent / Child" category path. */
  category: string;
  taxClass: DemoTaxClass;
  variants: DemoVariant[];
}

interface Family {
  name: string;
  code: string;
  category: string;
  type: string;
  taxClass: DemoTaxClass;
  /** Price range in whole rupees. */
  price: [number, number];
  sizes: string[];
  colours: boolean;
  unit?: 'g';
  stock: [number, number];
}

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const KIDS_SIZES = ['2-3Y', '4-5Y', '6-7Y', '8-9Y', '10-11Y'];
const SHOE_SIZES = ['38', '39', '40', '41', '42', '43', '44'];
const COLOURS = ['Black', 'White', 'Maroon', 'Navy', 'Mustard', 'Teal', 'Peach', 'Olive', 'Beige', 'Emerald', 'Rust', 'Lilac', 'Sky Blue', 'Charcoal'];
const VENDORS = ['Lahore Loom', 'Indus Threads', 'Karachi Cotton Co.', 'Ravi Textiles', 'Margalla Wear', 'Chenab Weaves', 'Pak Pantry', 'Saffron Foods'];

const FAMILIES: Family[] = [
  { name: 'Lawn Kurta', code: 'KUR', category: 'Women / Kurtas', type: 'Kurta', taxClass: 'GST 18%', price: [1990, 4990], sizes: APPAREL_SIZES, colours: true, stock: [0, 30] },
  { name: 'Embroidered Lawn Suit 3pc', code: 'LWN', category: 'Women / Unstitched', type: 'Suit', taxClass: 'GST 18%', price: [4490, 12990], sizes: ['Unstitched'], colours: true, stock: [0, 25] },
  { name: 'Khaddar Kurta', code: 'KHD', category: 'Women / Kurtas', type: 'Kurta', taxClass: 'GST 18%', price: [2490, 5490], sizes: APPAREL_SIZES, colours: true, stock: [0, 20] },
  { name: 'Chiffon Dupatta', code: 'DUP', category: 'Women / Dupattas', type: 'Dupatta', taxClass: 'GST 18%', price: [990, 2990], sizes: ['Free Size'], colours: true, stock: [0, 40] },
  { name: 'Cotton Shalwar Kameez', code: 'SKM', category: 'Men / Shalwar Kameez', type: 'Shalwar Kameez', taxClass: 'GST 18%', price: [2990, 7990], sizes: APPAREL_SIZES, colours: true, stock: [0, 25] },
  { name: "Men's Waistcoat", code: 'WST', category: 'Men / Waistcoats', type: 'Waistcoat', taxClass: 'GST 18%', price: [3490, 8990], sizes: APPAREL_SIZES, colours: true, stock: [0, 15] },
  { name: 'Linen Shirt', code: 'SHT', category: 'Men / Shirts', type: 'Shirt', taxClass: 'GST 18%', price: [1990, 4490], sizes: APPAREL_SIZES, colours: true, stock: [0, 30] },
  { name: 'Denim Jeans', code: 'JNS', category: 'Men / Trousers', type: 'Jeans', taxClass: 'GST 18%', price: [2490, 5990], sizes: ['28', '30', '32', '34', '36', '38'], colours: true, stock: [0, 30] },
  { name: 'Kids Frock', code: 'FRK', category: 'Kids / Girls', type: 'Frock', taxClass: 'GST 18%', price: [1290, 3490], sizes: KIDS_SIZES, colours: true, stock: [0, 20] },
  { name: 'Boys Kurta Pajama', code: 'BKP', category: 'Kids / Boys', type: 'Kurta Pajama', taxClass: 'GST 18%', price: [1490, 3990], sizes: KIDS_SIZES, colours: true, stock: [0, 20] },
  { name: 'Khussa', code: 'KHS', category: 'Footwear / Women', type: 'Khussa', taxClass: 'GST 18%', price: [1490, 3990], sizes: SHOE_SIZES, colours: true, stock: [0, 12] },
  { name: 'Peshawari Chappal', code: 'PCH', category: 'Footwear / Men', type: 'Chappal', taxClass: 'GST 18%', price: [2990, 6990], sizes: SHOE_SIZES, colours: true, stock: [0, 12] },
  { name: 'Pashmina Shawl', code: 'SHW', category: 'Women / Shawls', type: 'Shawl', taxClass: 'GST 18%', price: [3990, 14990], sizes: ['Free Size'], colours: true, stock: [0, 10] },
  { name: 'Danedar Tea', code: 'TEA', category: 'Grocery / Tea', type: 'Tea', taxClass: 'GST 18%', price: [180, 1650], sizes: ['95g', '190g', '475g', '950g'], colours: false, stock: [10, 200] },
  { name: 'Basmati Rice', code: 'RCE', category: 'Grocery / Rice', type: 'Rice', taxClass: 'Exempt', price: [420, 2150], sizes: ['1kg', '5kg'], colours: false, stock: [10, 120] },
  { name: 'Cooking Oil', code: 'OIL', category: 'Grocery / Oil', type: 'Oil', taxClass: 'GST 18%', price: [560, 2790], sizes: ['1L', '3L', '5L'], colours: false, stock: [5, 80] },
  { name: 'Biryani Masala', code: 'MSL', category: 'Grocery / Spices', type: 'Spice mix', taxClass: 'GST 18%', price: [120, 160], sizes: ['50g'], colours: false, stock: [20, 300] },
  { name: 'Mango Juice', code: 'JUC', category: 'Grocery / Drinks', type: 'Juice', taxClass: 'GST 18%', price: [70, 360], sizes: ['250ml', '1L'], colours: false, stock: [24, 240] },
  { name: 'Herbal Toothpaste', code: 'TPS', category: 'Personal Care / Oral', type: 'Toothpaste', taxClass: 'GST 18%', price: [180, 420], sizes: ['75g', '150g'], colours: false, stock: [10, 150] },
  { name: 'Beauty Soap', code: 'SOP', category: 'Personal Care / Bath', type: 'Soap', taxClass: 'GST 18%', price: [110, 190], sizes: ['100g', '150g'], colours: false, stock: [20, 300] },
  { name: 'Daal Chana (loose)', code: 'DAL', category: 'Grocery / Pulses', type: 'Pulses', taxClass: 'Exempt', price: [340, 420], sizes: ['per kg'], colours: false, unit: 'g', stock: [5000, 60000] },
  { name: 'Sugar (loose)', code: 'SGR', category: 'Grocery / Staples', type: 'Sugar', taxClass: 'GST 5%', price: [150, 175], sizes: ['per kg'], colours: false, unit: 'g', stock: [10000, 100000] },
];

/** GS1 prefix 896 (Pakistan) + a 9-digit sequence + check digit: unique and valid for every demo variant. */
export function demoBarcode(sequence: number): string {
  return completeEan13(`896${String(sequence).padStart(9, '0')}`);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function rupees(random: () => number, [low, high]: [number, number]): number {
  const raw = low + random() * (high - low);
  const step = high >= 1000 ? 100 : 10;
  return Math.max(low, Math.round(raw / step) * step - (high >= 1000 ? 10 : 0)); // 2,490-style retail prices
}

/** Yields products until exactly `variantCount` variants have been produced; the same seed gives the same catalog. */
export function* generateDemoCatalog(variantCount: number, seed = 20261123): Generator<DemoProduct> {
  const random = seededRandom(seed);
  let produced = 0;
  let style = 0;
  while (produced < variantCount) {
    const family = FAMILIES[style % FAMILIES.length]!;
    style += 1;
    const styleNo = String(Math.floor(style / FAMILIES.length) + 1).padStart(4, '0');
    const vendor = family.taxClass === 'Exempt' || family.category.startsWith('Grocery') || family.category.startsWith('Personal')
      ? pick(random, VENDORS.slice(6))
      : pick(random, VENDORS.slice(0, 6));
    const colours = family.colours ? shuffle(random, COLOURS).slice(0, 1 + Math.floor(random() * 4)) : [null];
    const basePrice = rupees(random, family.price);
    const onSale = random() < 0.15;
    const variants: DemoVariant[] = [];
    for (const colour of colours) {
      for (const [sizeIndex, size] of family.sizes.entries()) {
        if (produced + variants.length >= variantCount) break;
        const sequence = produced + variants.length + 1;
        // Larger pack sizes cost proportionally more; apparel sizes cost the same.
        const price = family.colours ? basePrice : Math.round(basePrice * (1 + sizeIndex * 1.8) / 10) * 10;
        variants.push({
          title: [size, colour].filter(Boolean).join(' / '),
          sku: [vendor.slice(0, 2).toUpperCase(), family.code, styleNo, size.replace(/[^A-Za-z0-9]/g, '').toUpperCase(), colour?.slice(0, 3).toUpperCase()].filter(Boolean).join('-'),
          price: minor(price * 100),
          compareAtPrice: onSale ? minor(Math.round(price * 1.25) * 100) : null,
          unit: family.unit ?? 'each',
          barcode: family.unit ? null : demoBarcode(sequence),
          stock: Math.floor(family.stock[0] + random() * (family.stock[1] - family.stock[0])),
        });
      }
    }
    if (variants.length === 0) break;
    produced += variants.length;
    yield {
      title: `${vendor} ${family.name} ${styleNo}`,
      vendor,
      productType: family.type,
      category: family.category,
      taxClass: family.taxClass,
      variants,
    };
  }
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
