/**
 * The default OpportunityStage rows of a new org. `IsWon`/`IsClosed`, the default `Probability` and the
 * `ForecastCategoryName` of an opportunity all come from its stage.
 */
export interface OpportunityStage {
  name: string;
  probability: number;
  forecastCategory: 'Omitted' | 'Pipeline' | 'BestCase' | 'Commit' | 'Closed';
  isClosed: boolean;
  isWon: boolean;
}

const open = (name: string, probability: number, forecastCategory: OpportunityStage['forecastCategory']) => ({
  name,
  probability,
  forecastCategory,
  isClosed: false,
  isWon: false,
});

export const OPPORTUNITY_STAGES: OpportunityStage[] = [
  open('Prospecting', 10, 'Pipeline'),
  open('Qualification', 10, 'Pipeline'),
  open('Needs Analysis', 20, 'Pipeline'),
  open('Value Proposition', 50, 'Pipeline'),
  open('Id. Decision Makers', 60, 'Pipeline'),
  open('Perception Analysis', 70, 'Pipeline'),
  open('Proposal/Price Quote', 75, 'Pipeline'),
  open('Negotiation/Review', 90, 'Commit'),
  { name: 'Closed Won', probability: 100, forecastCategory: 'Closed', isClosed: true, isWon: true },
  { name: 'Closed Lost', probability: 0, forecastCategory: 'Omitted', isClosed: true, isWon: false },
];

export function stageNamed(name: string): OpportunityStage | undefined {
  const lower = name.toLowerCase();
  return OPPORTUNITY_STAGES.find((s) => s.name.toLowerCase() === lower);
}
