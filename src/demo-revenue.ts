import { addDays, addMonths } from './domain/billing-period.ts';
import type { CrmConnection } from './crm/crm.port.ts';

/** Demo products sold by subscription or by use (revenue counts them in ARR); services are one-time. */
const RECURRING_CODE = /-(SUB|USG)$/;

/**
 * Makes the demo company's deals revenue contracts, as an admin would: every demo opportunity is flagged for
 * revenue (Revenue_Sync__c) with a one-year term from its close date, and the demo products say whether they
 * recur (Is_Recurring__c). The revenue import then shows booked, forecast and lost contracts with their ARR.
 * Writes only what differs, so a restart changes nothing.
 */
export async function prepareDemoRevenue(crm: CrmConnection): Promise<{ opportunities: number; products: number }> {
  const productWrites: Record<string, unknown>[] = [];
  for await (const page of crm.queryPages('SELECT Id, ProductCode, Is_Recurring__c FROM Product2')) {
    for (const p of page) {
      const recurring = typeof p.ProductCode === 'string' && RECURRING_CODE.test(p.ProductCode);
      if (p.Is_Recurring__c !== recurring) productWrites.push({ Id: p.Id, Is_Recurring__c: recurring });
    }
  }
  const opportunityWrites: Record<string, unknown>[] = [];
  for await (const page of crm.queryPages(
    'SELECT Id, CloseDate, Revenue_Sync__c, Term_Start_Date__c, Term_End_Date__c FROM Opportunity WHERE Revenue_Sync__c = false',
  )) {
    for (const o of page) {
      const start = String(o.CloseDate);
      opportunityWrites.push({
        Id: o.Id,
        Revenue_Sync__c: true,
        Term_Start_Date__c: o.Term_Start_Date__c ?? start,
        Term_End_Date__c: o.Term_End_Date__c ?? addDays(addMonths(start, 12), -1),
      });
    }
  }
  if (productWrites.length > 0) await crm.update('Product2', productWrites);
  if (opportunityWrites.length > 0) await crm.update('Opportunity', opportunityWrites);
  return { opportunities: opportunityWrites.length, products: productWrites.length };
}
