import { invoke } from '../../../api/till';

/** The conflicts screen's calls to main (the only place in this feature that calls main). */

export function listConflicts(includeResolved: boolean) {
  return invoke('till:conflicts:list', { includeResolved });
}
