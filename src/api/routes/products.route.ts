import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { toJsonView } from '../../billing/json-view.ts';
import { changeProductQuantity } from '../../billing/products/change-product-quantity.ts';
import { endProduct } from '../../billing/products/end-product.ts';
import { listProducts } from '../../billing/products/list-products.ts';
import { orderProduct } from '../../billing/products/order-product.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema, quantitySchema } from '../schemas.ts';
import { pricedProductSchema, productSchema, refParam } from './billing.schemas.ts';

const tags = ['products'];
const accountParam = refParam('idOrNumber');

/** Account products (orders/subscriptions) and the price each service has for the account. */
export function registerProductsRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/accounts/:idOrNumber/products',
    {
      schema: {
        summary: 'Order a package for the account',
        tags,
        params: accountParam,
        body: z.strictObject({
          package: z.string().meta({ description: 'Package id or code' }),
          quantity: quantitySchema,
          startDate: dateSchema,
          endDate: dateSchema.nullable().optional(),
          serviceState: z.string().optional(),
          serviceQuantities: z
            .record(z.string(), quantitySchema)
            .optional()
            .meta({
              description:
                'Quantity per service code where it differs from the default (the product quantity for ' +
                'recurring and state-based services, 1 for one-time ones)',
            }),
        }),
        response: { 201: productSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await orderProduct(ctx, { accountId: request.params.idOrNumber, ...request.body })),
  );

  app.get(
    '/accounts/:idOrNumber/products',
    {
      schema: {
        summary: "An account's products with each service's price on a date (price plan over list price)",
        tags,
        params: accountParam,
        querystring: z.object({ on: dateSchema.optional(), activeOnly: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(pricedProductSchema) },
      },
    },
    async (request) =>
      toJsonView(
        await listProducts(ctx, {
          accountId: request.params.idOrNumber,
          on: request.query.on,
          activeOnly: request.query.activeOnly === 'true',
        }),
      ),
  );

  app.patch(
    '/products/:id',
    {
      schema: {
        summary: 'Change the quantity of a product from a date, or end it (one at a time)',
        tags,
        params: refParam('id'),
        body: z.strictObject({
          quantity: quantitySchema.optional(),
          effectiveFrom: dateSchema
            .optional()
            .meta({ description: 'First day of the new quantity (default today); billed days are adjusted' }),
          service: z.string().optional().meta({ description: 'Only this service (code); default: the product' }),
          endDate: dateSchema.optional(),
        }),
        response: { 200: productSchema },
      },
    },
    async (request) => {
      const { quantity, endDate, effectiveFrom, service } = request.body;
      // Two use-cases are two transactions; one change per request keeps "all or nothing" true.
      if ((quantity === undefined) === (endDate === undefined)) {
        fail('validation_failed', 'Send either quantity or endDate.', { fields: ['quantity', 'endDate'] });
      }
      const productId = request.params.id;
      return quantity !== undefined
        ? changeProductQuantity(ctx, { productId, quantity, effectiveFrom, service })
        : endProduct(ctx, { productId, endDate: endDate! });
    },
  );
}
