import { decimal } from '../../domain/rate.ts';
import type { UsageRow } from './usage.repo.ts';

export interface UsageView {
  id: string;
  accountId: string;
  serviceId: string;
  serviceCode: string;
  quantity: string;
  usedOn: string;
  externalId: string | null;
}

export function toUsageView(row: UsageRow): UsageView {
  return {
    id: row.id.toString(),
    accountId: row.account_id.toString(),
    serviceId: row.service_id.toString(),
    serviceCode: row.service_code,
    quantity: decimal(row.quantity).toFixed(),
    usedOn: row.used_on,
    externalId: row.external_id,
  };
}
