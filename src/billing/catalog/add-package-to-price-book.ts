import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findPackage, findPriceBook, insertPriceBookPackage, listPriceBookPackageCodes } from './catalog.repo.ts';
import { type PriceBookView, toPriceBookView } from './catalog.views.ts';

export interface AddPackageToPriceBookInput {
  priceBookIdOrCode: string;
  packageIdOrCode: string;
}

/** Puts a package in a price book of the same currency. Adding it twice changes nothing. */
export async function addPackageToPriceBook(
  ctx: AppContext,
  input: AddPackageToPriceBookInput,
): Promise<PriceBookView> {
  return ctx.db.transaction().execute(async (trx) => {
    const book = await findPriceBook(trx, input.priceBookIdOrCode);
    if (!book) fail('price_book_not_found', `No price book has id or code "${input.priceBookIdOrCode}".`);
    const pkg = await findPackage(trx, input.packageIdOrCode);
    if (!pkg) fail('package_not_found', `No package has id or code "${input.packageIdOrCode}".`);
    if (pkg.currency !== book.currency) {
      fail(
        'currency_mismatch',
        `Package ${pkg.code} is in ${pkg.currency}; price book ${book.code} is in ${book.currency}.`,
        {
          packageCurrency: pkg.currency,
          priceBookCurrency: book.currency,
        },
      );
    }
    await insertPriceBookPackage(trx, book.id, pkg.id);
    const codes = await listPriceBookPackageCodes(trx, [book.id]);
    return toPriceBookView(
      book,
      codes.map((c) => c.code),
    );
  });
}
