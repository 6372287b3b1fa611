import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { createContact } from '../../billing/contacts/create-contact.ts';
import { linkContact } from '../../billing/contacts/link-contact.ts';
import { listAccountContacts } from '../../billing/contacts/list-account-contacts.ts';
import { unlinkContact } from '../../billing/contacts/unlink-contact.ts';
import type { ApiApp } from '../api-app.ts';
import { accountContactSchema, contactSchema, refParam } from './billing.schemas.ts';

const tags = ['contacts'];
const accountParam = refParam('idOrNumber');

/** Contacts and their links to accounts (one contact may be shared by several accounts). */
export function registerContactsRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/contacts',
    {
      schema: {
        summary: 'Create a contact',
        tags,
        body: z.strictObject({
          firstName: z.string().nullable().optional(),
          lastName: z.string(),
          email: z.string().nullable().optional(),
          phone: z.string().nullable().optional(),
        }),
        response: { 201: contactSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createContact(ctx, request.body)),
  );

  app.get(
    '/accounts/:idOrNumber/contacts',
    {
      schema: {
        summary: "An account's contacts, primary first",
        tags,
        params: accountParam,
        response: { 200: z.array(accountContactSchema) },
      },
    },
    async (request) => listAccountContacts(ctx, { accountId: request.params.idOrNumber }),
  );

  app.post(
    '/accounts/:idOrNumber/contacts',
    {
      schema: {
        summary: 'Link a contact to the account with roles (linking again replaces the roles)',
        tags,
        params: accountParam,
        body: z.strictObject({
          contactId: z.string(),
          roles: z.array(z.string()).optional(),
          isPrimary: z.boolean().optional(),
        }),
        response: { 200: accountContactSchema },
      },
    },
    async (request) => linkContact(ctx, { accountId: request.params.idOrNumber, ...request.body }),
  );

  app.delete(
    '/accounts/:idOrNumber/contacts/:contactId',
    {
      schema: {
        summary: 'Unlink a contact from the account',
        tags,
        params: z.object({ idOrNumber: z.string(), contactId: z.string() }),
        response: { 200: z.object({ unlinked: z.boolean() }) },
      },
    },
    async (request) =>
      unlinkContact(ctx, { accountId: request.params.idOrNumber, contactId: request.params.contactId }),
  );
}
