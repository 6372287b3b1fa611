-- The contracts whose ARR changes within their term (some line starts or ends inside it, and no Assigned ARR/MRR
-- replace its lines): the revenue metrics read only these contracts' lines, and find them through this index
-- instead of reading every contract (revenue-metrics.repo.ts).
CREATE INDEX contracts_varying_idx ON contracts (id)
  WHERE NOT uniform AND assigned_arr_minor IS NULL AND archived_at IS NULL;
