// The branch's receipt template: header/footer lines, logo and which blocks print; read and saved by managers.
import { eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { receiptTemplates } from './printing.sql.ts';

export const TEMPLATE_BLOCKS = ['logo', 'customer', 'sku', 'taxes', 'barcode', 'qr', 'footer'] as const;
export type TemplateBlock = (typeof TEMPLATE_BLOCKS)[number];

export interface ReceiptTemplate {
  headerLines: string[];
  footerLines: string[];
  logoPng: Uint8Array | null;
  blocks: Record<TemplateBlock, boolean>;
  updatedAt: number | null;
}

const MAX_LINES = 6;
const MAX_LINE = 48;
const MAX_LOGO_BYTES = 256 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function allBlocks(): Record<TemplateBlock, boolean> {
  return Object.fromEntries(TEMPLATE_BLOCKS.map((block) => [block, true])) as Record<TemplateBlock, boolean>;
}

export function getReceiptTemplate(db: Db, branchId: Id<'Branch'>): ReceiptTemplate {
  const row = db.select().from(receiptTemplates).where(eq(receiptTemplates.branchId, branchId)).get();
  if (!row) return { headerLines: [], footerLines: ['Thank you for shopping with us!'], logoPng: null, blocks: allBlocks(), updatedAt: null };
  return {
    headerLines: JSON.parse(row.headerLines) as string[],
    footerLines: JSON.parse(row.footerLines) as string[],
    logoPng: row.logoPng ? new Uint8Array(row.logoPng) : null,
    blocks: { ...allBlocks(), ...(JSON.parse(row.blocks) as Partial<Record<TemplateBlock, boolean>>) },
    updatedAt: row.updatedAt,
  };
}

export interface TemplateInput {
  headerLines: string[];
  footerLines: string[];
  logoPng: Uint8Array | null;
  blocks: Partial<Record<TemplateBlock, boolean>>;
}

/** Checks a template a manager submitted; the same checks guard the live preview. */
export function validateTemplate(input: TemplateInput): Result<TemplateInput> {
  for (const [field, lines] of [['headerLines', input.headerLines], ['footerLines', input.footerLines]] as const) {
    if (lines.length > MAX_LINES) return err('VALIDATION_FAILED', `At most ${MAX_LINES} ${field === 'headerLines' ? 'header' : 'footer'} lines`, { field });
    const long = lines.findIndex((line) => line.length > MAX_LINE);
    if (long >= 0) return err('VALIDATION_FAILED', `Line ${long + 1} is longer than ${MAX_LINE} characters`, { field, line: long });
  }
  if (input.logoPng) {
    if (input.logoPng.length > MAX_LOGO_BYTES) return err('PAYLOAD_TOO_LARGE', 'The logo must be under 256 KB', { field: 'logoPng' });
    if (!PNG_SIGNATURE.every((byte, i) => input.logoPng![i] === byte)) return err('VALIDATION_FAILED', 'The logo must be a PNG image', { field: 'logoPng' });
    let size: { width: number; height: number };
    try {
      size = PNG.sync.read(Buffer.from(input.logoPng));
    } catch {
      return err('VALIDATION_FAILED', 'The logo PNG cannot be read', { field: 'logoPng' });
    }
    if (size.width > 2048 || size.height > 2048) return err('VALIDATION_FAILED', 'The logo must be at most 2048 × 2048 pixels', { field: 'logoPng' });
  }
  return ok({ ...input, headerLines: input.headerLines.map((l) => l.trim()), footerLines: input.footerLines.map((l) => l.trim()) });
}

/** Saves the template (replacing the previous one); saving the same template again changes nothing else. */
export function saveReceiptTemplate(db: Db, branchId: Id<'Branch'>, input: TemplateInput, now: number): Result<ReceiptTemplate> {
  const valid = validateTemplate(input);
  if (!valid.ok) return valid;
  const row = {
    branchId,
    headerLines: JSON.stringify(valid.value.headerLines),
    footerLines: JSON.stringify(valid.value.footerLines),
    logoPng: valid.value.logoPng ? Buffer.from(valid.value.logoPng) : null,
    blocks: JSON.stringify({ ...allBlocks(), ...valid.value.blocks }),
    updatedAt: now,
  };
  transaction(db, (tx) => {
    tx.db.insert(receiptTemplates).values(row).onConflictDoUpdate({ target: receiptTemplates.branchId, set: row }).run();
  });
  return ok(getReceiptTemplate(db, branchId));
}
