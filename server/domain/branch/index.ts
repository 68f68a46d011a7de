// Public face of the branch room.
export { createBranch, findBranch, findBranchProfile, getBoxInfo, listCounters, type BoxInfo, type BranchSummary, type BranchProfile, type CounterSummary } from './branch.service.ts';
export { boxRoutes } from './branch.routes.ts';
