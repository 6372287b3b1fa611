import type { CurrencyCode } from '../../domain/currency.ts';
import type { Frequency } from '../input/frequency-input.ts';
import type { PackageRow, PriceBookRow, ServicePriceRow, ServiceRow } from './catalog.repo.ts';
import { type PriceView, type ServiceKind, toPriceView } from './price-input.ts';

/** What catalog use-cases return. Ids are decimal strings so results go to JSON unchanged. */
export interface PackageView {
  id: string;
  code: string;
  name: string;
  currency: CurrencyCode;
  frequency: Frequency;
  active: boolean;
}

export interface PriceVersionView extends PriceView {
  id: string;
  serviceId: string;
  effectiveFrom: string;
}

export interface ServiceView {
  id: string;
  packageId: string;
  code: string;
  name: string;
  kind: ServiceKind;
  unit: string | null;
  active: boolean;
}

export interface PriceBookView {
  id: string;
  code: string;
  name: string;
  currency: CurrencyCode;
  active: boolean;
  packageCodes: string[];
}

/** What packages and price books both are: a coded, named thing priced in one currency. */
function codedHead(row: PackageRow | PriceBookRow): Pick<PackageView, 'id' | 'code' | 'name' | 'currency'> {
  return { id: row.id.toString(), code: row.code, name: row.name, currency: row.currency as CurrencyCode };
}

export function toPackageView(row: PackageRow): PackageView {
  return { ...codedHead(row), frequency: row.frequency, active: row.active };
}

export function toServiceView(row: ServiceRow): ServiceView {
  return {
    id: row.id.toString(),
    packageId: row.package_id.toString(),
    code: row.code,
    name: row.name,
    kind: row.kind,
    unit: row.unit,
    active: row.active,
  };
}

export function toPriceVersionView(row: ServicePriceRow, currency: CurrencyCode): PriceVersionView {
  return {
    id: row.id.toString(),
    serviceId: row.service_id.toString(),
    effectiveFrom: row.effective_from,
    ...toPriceView(row, currency),
  };
}

export function toPriceBookView(row: PriceBookRow, packageCodes: string[]): PriceBookView {
  return { ...codedHead(row), active: row.active, packageCodes };
}
