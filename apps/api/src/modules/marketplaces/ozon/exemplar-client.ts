// Our client's exemplar calls (Ozon's "FBS&rFBSMarks" methods) and the country of origin: what a
// posting's units carry before Ozon lets it be packed. Shapes checked against Ozon's swagger as
// mirrored in salacoste/ozon-daytona-seller-api (ozon-swagger-docs/swagger.json):
//   v5/fbs/posting/product/exemplar/validate — format check of marks (and GTD), no side effects;
//   v6/fbs/posting/product/exemplar/set      — save the units' data (asynchronous: 200 = task created;
//                                               always the full set of units);
//   v5/fbs/posting/product/exemplar/status   — the check's result: ship_available, ship_not_available,
//                                               validation_in_process, per mark check_status/error_codes;
//   v2/posting/fbs/product/country/set       — the country of origin (ISO 3166-1 alpha-2) of a product.
// Kept apart from client.ts: plain functions over OzonClient.call (limiter, breaker, retries).
import { type OzonClient, OzonUnexpectedAnswerError } from './client.ts';

export interface ExemplarMark {
  mark: string;
  mark_type: 'mandatory_mark';
}

/** One unit of a product as Ozon wants it: its marks and the customs declaration (or that there is none). */
export interface ExemplarInput {
  marks: ExemplarMark[];
  gtd?: string;
  is_gtd_absent?: boolean;
  is_rnpt_absent?: boolean;
}

export interface ExemplarProductInput {
  /** Ozon SKU. */
  product_id: number;
  exemplars: ExemplarInput[];
}

export interface ExemplarValidation {
  products: {
    product_id: number;
    valid: boolean;
    error?: string;
    exemplars: { valid: boolean; errors: string[]; marks: { mark: string; valid: boolean; errors: string[] }[] }[];
  }[];
}

export type ExemplarCheck = 'ship_available' | 'ship_not_available' | 'validation_in_process';

export interface ExemplarStatus {
  posting_number: string;
  status: ExemplarCheck | string;
  products: {
    product_id: number;
    exemplars: {
      exemplar_id?: number;
      gtd?: string;
      gtd_check_status?: string;
      gtd_error_codes?: string[];
      marks: { mark: string; check_status?: string; error_codes?: string[] }[];
    }[];
  }[];
}

const array = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

export async function validateExemplars(client: OzonClient, postingNumber: string, products: ExemplarProductInput[]): Promise<ExemplarValidation> {
  const method = '/v5/fbs/posting/product/exemplar/validate';
  const answer = await client.call<{ products?: unknown }>(method, {
    posting_number: postingNumber,
    products: products.map((p) => ({ product_id: p.product_id, exemplars: p.exemplars.map((e) => ({ gtd: e.gtd ?? '', marks: e.marks })) })),
  });
  if (!Array.isArray(answer.products)) throw new OzonUnexpectedAnswerError(method);
  return {
    products: array<ExemplarValidation['products'][number]>(answer.products).map((p) => ({
      product_id: Number(p.product_id),
      valid: p.valid === true,
      error: typeof p.error === 'string' ? p.error : undefined,
      exemplars: array<ExemplarValidation['products'][number]['exemplars'][number]>(p.exemplars).map((e) => ({
        valid: e.valid === true,
        errors: array<string>(e.errors).map(String),
        marks: array<{ mark: string; valid: boolean; errors: string[] }>(e.marks).map((m) => ({
          mark: String(m.mark),
          valid: m.valid === true,
          errors: array<string>(m.errors).map(String),
        })),
      })),
    })),
  };
}

/** Saves every unit's data (Ozon checks them asynchronously: read the result with `exemplarStatus`). */
export async function setExemplars(client: OzonClient, postingNumber: string, products: ExemplarProductInput[]): Promise<void> {
  // Retried after a lost answer: the call replaces the whole set, so sending it again is harmless.
  await client.call('/v6/fbs/posting/product/exemplar/set', { posting_number: postingNumber, products });
}

export async function exemplarStatus(client: OzonClient, postingNumber: string): Promise<ExemplarStatus> {
  const method = '/v5/fbs/posting/product/exemplar/status';
  const answer = await client.call<Partial<ExemplarStatus>>(method, { posting_number: postingNumber });
  if (typeof answer.status !== 'string' || !Array.isArray(answer.products)) throw new OzonUnexpectedAnswerError(method);
  return { posting_number: postingNumber, status: answer.status, products: answer.products };
}

/** The country of origin of one product of the posting; answers whether Ozon now wants a GTD for it. */
export async function setProductCountry(client: OzonClient, postingNumber: string, ozonSku: number, countryIsoCode: string): Promise<{ isGtdNeeded: boolean }> {
  const answer = await client.call<{ is_gtd_needed?: unknown }>('/v2/posting/fbs/product/country/set', {
    posting_number: postingNumber,
    product_id: ozonSku,
    country_iso_code: countryIsoCode,
  });
  return { isGtdNeeded: answer.is_gtd_needed === true };
}
