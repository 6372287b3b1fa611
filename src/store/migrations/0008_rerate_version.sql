-- A billing run clears the re-rate mark of the products it re-priced (0004). A change committed while the run
-- was working may leave the mark's day as it was (an earlier day was already marked), so the day alone cannot
-- tell "priced" from "changed again meanwhile". Every mark bumps this version; the run clears only a mark whose
-- version is still the one it read.
ALTER TABLE account_products ADD COLUMN rerate_version bigint NOT NULL DEFAULT 0;
