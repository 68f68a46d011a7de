// Public face of the branch room.
export { createBranch, findBranch, getBoxInfo, listCounters, type BoxInfo, type BranchSummary, type CounterSummary } from './branch.service.ts';
export { boxRoutes } from './branch.routes.ts';
