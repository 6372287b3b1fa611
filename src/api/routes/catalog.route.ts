import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { addPackageService } from '../../billing/catalog/add-package-service.ts';
import { addPackageToPriceBook } from '../../billing/catalog/add-package-to-price-book.ts';
import { createPackage } from '../../billing/catalog/create-package.ts';
import { createPriceBook } from '../../billing/catalog/create-price-book.ts';
import { getPackage } from '../../billing/catalog/get-package.ts';
import { listCatalog } from '../../billing/catalog/list-catalog.ts';
import { setPackageActive } from '../../billing/catalog/set-package-active.ts';
import { setServicePrice } from '../../billing/catalog/set-service-price.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema } from '../schemas.ts';
import {
  catalogPackagesSchema,
  frequencySchema,
  packageDetailSchema,
  packageSchema,
  priceBookSchema,
  priceInputSchema,
  priceInputToUseCase,
  priceVersionSchema,
  refParam,
  serviceKindSchema,
  serviceSchema,
} from './billing.schemas.ts';

const tags = ['catalog'];
const packageParam = refParam('idOrCode');
const catalogQuery = z.object({
  currency: z.string().optional(),
  activeOnly: z.enum(['true', 'false']).optional(),
  on: dateSchema.optional(),
});

/** The catalog: packages, their services, versioned list prices and price books. */
export function registerCatalogRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/packages',
    {
      schema: {
        summary: 'List packages with the list price of each service on a date',
        tags,
        querystring: catalogQuery,
        response: { 200: catalogPackagesSchema },
      },
    },
    async (request) => {
      const { currency, activeOnly, on } = request.query;
      const catalog = await listCatalog(ctx, { currency, activeOnly: activeOnly === 'true', on });
      return toJsonView({ on: catalog.on, packages: catalog.packages });
    },
  );

  app.post(
    '/packages',
    {
      schema: {
        summary: 'Create a package',
        tags,
        body: z.strictObject({
          code: z.string(),
          name: z.string(),
          currency: z.string(),
          frequency: frequencySchema,
          active: z.boolean().optional(),
        }),
        response: { 201: packageSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createPackage(ctx, request.body)),
  );

  app.get(
    '/packages/:idOrCode',
    {
      schema: {
        summary: 'A package with its services and every price version',
        tags,
        params: packageParam,
        querystring: z.object({ on: dateSchema.optional() }),
        response: { 200: packageDetailSchema },
      },
    },
    async (request) => toJsonView(await getPackage(ctx, { idOrCode: request.params.idOrCode, on: request.query.on })),
  );

  app.patch(
    '/packages/:idOrCode',
    {
      schema: {
        summary: 'Activate or deactivate a package',
        tags,
        params: packageParam,
        body: z.strictObject({ active: z.boolean() }),
        response: { 200: packageSchema },
      },
    },
    async (request) => setPackageActive(ctx, { packageIdOrCode: request.params.idOrCode, active: request.body.active }),
  );

  app.get(
    '/packages/:idOrCode/services',
    {
      schema: {
        summary: "A package's services with their price versions",
        tags,
        params: packageParam,
        response: { 200: packageDetailSchema.shape.services },
      },
    },
    async (request) => toJsonView((await getPackage(ctx, { idOrCode: request.params.idOrCode })).services),
  );

  app.post(
    '/packages/:idOrCode/services',
    {
      schema: {
        summary: 'Add a service to a package',
        tags,
        params: packageParam,
        body: z.strictObject({
          code: z.string(),
          name: z.string(),
          kind: serviceKindSchema,
          unit: z.string().nullable().optional(),
        }),
        response: { 201: serviceSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addPackageService(ctx, { packageIdOrCode: request.params.idOrCode, ...request.body })),
  );

  app.post(
    '/services/:id/prices',
    {
      schema: {
        summary: 'Set a list price from a date (adds a version; 200 when the same price was already set)',
        tags,
        params: refParam('id'),
        body: priceInputSchema.extend({ effectiveFrom: dateSchema }),
        response: { 200: priceVersionSchema, 201: priceVersionSchema },
      },
    },
    async (request, reply) => {
      const { effectiveFrom, ...prices } = request.body;
      const result = await setServicePrice(ctx, {
        serviceId: request.params.id,
        effectiveFrom,
        ...priceInputToUseCase(prices),
      });
      return reply.status(result.created ? 201 : 200).send(toJsonView(result.price));
    },
  );

  app.get(
    '/price-books',
    {
      schema: {
        summary: 'List price books',
        tags,
        querystring: z.object({ currency: z.string().optional() }),
        response: { 200: z.array(priceBookSchema) },
      },
    },
    async (request) => (await listCatalog(ctx, { currency: request.query.currency })).priceBooks,
  );

  app.post(
    '/price-books',
    {
      schema: {
        summary: 'Create a price book',
        tags,
        body: z.strictObject({ code: z.string(), name: z.string(), currency: z.string() }),
        response: { 201: priceBookSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createPriceBook(ctx, request.body)),
  );

  app.post(
    '/price-books/:idOrCode/packages',
    {
      schema: {
        summary: 'Add a package to a price book of the same currency',
        tags,
        params: packageParam,
        body: z.strictObject({ package: z.string() }),
        response: { 200: priceBookSchema },
      },
    },
    async (request) =>
      addPackageToPriceBook(ctx, { priceBookIdOrCode: request.params.idOrCode, packageIdOrCode: request.body.package }),
  );
}
