import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { accountSummary } from '../../billing/invoices/account-summary.ts';
import { getInvoice } from '../../billing/invoices/get-invoice.ts';
import { listInvoices } from '../../billing/invoices/list-invoices.ts';
import { voidInvoice } from '../../billing/invoices/void-invoice.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { ApiApp } from '../api-app.ts';
import { dateJson, dateSchema, decimalSchema, idJson, moneySchema } from '../schemas.ts';
import { refParam } from './billing.schemas.ts';

export const invoiceSchema = z.object({
  id: idJson,
  invoiceNumber: z.string(),
  accountId: idJson,
  accountNumber: z.string(),
  kind: z.enum(['subscription', 'usage', 'combined']),
  invoiceDate: dateJson,
  dueDate: dateJson,
  currency: z.string(),
  subtotal: moneySchema,
  tax: moneySchema,
  total: moneySchema,
  paid: moneySchema,
  credited: moneySchema.meta({ description: 'What credit notes gave back, tax included' }),
  due: moneySchema.meta({ description: 'Total − paid − credited (never below zero); zero once voided' }),
  status: z.enum(['void', 'credited', 'paid', 'past_due', 'open']),
  voidedAt: z.string().nullable().meta({ description: 'When it was voided (ISO instant), else null' }),
  voidReason: z.string().nullable(),
  billingRunId: idJson.nullable(),
});

const invoiceLineSchema = z.object({
  id: idJson,
  accountId: idJson,
  accountNumber: z.string(),
  productId: idJson.nullable(),
  serviceId: idJson,
  serviceCode: z.string(),
  chargeKind: z.enum(['recurring', 'one_time', 'usage', 'state_based']),
  lineType: z.enum(['charge', 'adjustment', 'late_usage']),
  description: z.string(),
  quantity: decimalSchema,
  unitPrice: decimalSchema,
  periodStart: dateJson,
  periodEnd: dateJson,
  amount: moneySchema,
  tax: moneySchema,
  taxRate: decimalSchema.nullable().meta({ description: 'The rate the line was taxed at when issued' }),
});

const markSchema = z.object({ date: dateJson, amount: moneySchema }).nullable();

const summarySchema = z
  .object({
    accountId: idJson,
    accountNumber: z.string(),
    currency: z.string(),
    asOf: dateJson,
    invoiceCount: z.number().int().meta({ description: 'Invoices that count (voided ones do not)' }),
    totalBilled: moneySchema.meta({ description: 'All time, voided invoices left out, credit notes taken off' }),
    totalCredited: moneySchema.meta({ description: 'The credit notes taken off totalBilled' }),
    firstInvoice: markSchema,
    latestInvoice: markSchema,
    due: moneySchema,
    pastDue: moneySchema,
  })
  .meta({ description: 'The invoice roll-ups that go to the Salesforce Account (seed 003)' });

const invoiceDetailSchema = invoiceSchema.extend({ lines: z.array(invoiceLineSchema) });

/**
 * Issued invoices (an issued invoice is never edited: it is voided or credited, see credit-notes.route.ts)
 * and an account's invoice roll-ups.
 */
export function registerInvoicesRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/invoices',
    {
      schema: {
        summary: 'Issued invoices, a page at a time',
        tags: ['invoices'],
        querystring: z.object({
          accountId: z.string().optional().meta({ description: 'Account id or number the invoices are addressed to' }),
          limit: z.coerce.number().int().optional(),
          cursor: z.string().optional(),
        }),
        response: { 200: z.object({ invoices: z.array(invoiceSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => toJsonView(await listInvoices(ctx, request.query)),
  );

  app.get(
    '/invoices/:idOrNumber',
    {
      schema: {
        summary: 'One invoice with its lines, by number or id',
        tags: ['invoices'],
        params: refParam('idOrNumber'),
        response: { 200: invoiceDetailSchema },
      },
    },
    async (request) => toJsonView(await getInvoice(ctx, request.params.idOrNumber)),
  );

  app.post(
    '/invoices/:idOrNumber/void',
    {
      schema: {
        summary: 'Void an invoice that has no payment and no credit note (409 invoice_already_void when void)',
        tags: ['invoices'],
        params: refParam('idOrNumber'),
        body: z.strictObject({ reason: z.string().min(1).max(500) }),
        response: { 200: invoiceDetailSchema },
      },
    },
    async (request) =>
      toJsonView(await voidInvoice(ctx, { invoice: request.params.idOrNumber, reason: request.body.reason })),
  );

  app.get(
    '/accounts/:idOrNumber/summary',
    {
      schema: {
        summary: "An account's financial summary: total billed, first/latest invoice, due, past due",
        tags: ['invoices'],
        params: refParam('idOrNumber'),
        querystring: z.object({ asOf: dateSchema.optional().meta({ description: 'Default: today' }) }),
        response: { 200: summarySchema },
      },
    },
    async (request) => toJsonView(await accountSummary(ctx, request.params.idOrNumber, request.query.asOf)),
  );
}
