// What an operation handler gets: the exchange to answer on, the checked request (scope, name, query) and the
// target's state and collaborators.
import type { Contract } from '../../contracts/loader';
import type { TargetConfig } from '../config';
import type { Exchange } from '../exchange';
import type { FaultHooks } from '../fault-hooks';
import type { Presenter } from '../present';
import type { ConnectionStore } from '../store';
import type { CheckedRequest } from '../validate-request';

export interface OperationDeps {
  contract: Contract;
  config: TargetConfig;
  store: ConnectionStore;
  present: Presenter;
  hooks: FaultHooks;
}

export type Handler = (x: Exchange, r: CheckedRequest, deps: OperationDeps) => void | Promise<void>;
