/**
 * The product catalog linked to the sandbox's WhatsApp Business Account. Its id and the first products'
 * retailer ids are the ones Meta's OpenAPI examples use ("Send Multi-Product Message", "Send Catalog
 * Message", the catalog template and order webhook examples), so those examples run against it unchanged.
 */
export interface Product {
  retailerId: string;
  name: string;
  /** Price in the currency's smallest unit. */
  price: number;
  currency: string;
}

export interface Catalog {
  id: string;
  products: Map<string, Product>;
}

export const SEED_CATALOG_ID = '146265584024623';

const PRODUCTS: Product[] = [
  { retailerId: '2lc20305pt', name: 'Sourdough loaf', price: 650, currency: 'USD' },
  { retailerId: 'di9ozbzfi4', name: 'Rye bread', price: 550, currency: 'USD' },
  { retailerId: 'nqryix03ez', name: 'Croissant', price: 250, currency: 'USD' },
  { retailerId: 'gqfbxsgfba', name: 'Cinnamon roll', price: 300, currency: 'USD' },
  { retailerId: 'ynnp6wsnjl', name: 'Baguette', price: 350, currency: 'USD' },
  { retailerId: 'sku-bread-1', name: 'Bread of the day', price: 400, currency: 'USD' },
];

export function seedCatalog(): Catalog {
  return { id: SEED_CATALOG_ID, products: new Map(PRODUCTS.map((p) => [p.retailerId, { ...p }])) };
}
