import type { TrainingConfig } from './training-config.js';
import { cloneParams, type EmbeddingParams } from '../models/embedding-params.js';
import type { EpochReport, TrainControl, TrainResult } from './train-embeddings.js';

/** Validation MRR of the parameters as they are now (whatever engine holds them). */
export type Validate = () => Promise<number>;

/**
 * The epoch bookkeeping both training engines share: epoch reports with ETA, validation every
 * `evalEvery` epochs, early stopping after `patience` validations without a gain of at least `minGain` (relative
 * to the best so far), the best parameters kept (also after a smaller gain), pause and cancel between batches, and
 * on cancel one more validation of the epochs finished since the last one.
 */
export class EpochTracker {
  readonly history: EpochReport[] = [];
  best: EmbeddingParams | null = null;
  bestMrr = -1;
  bestEpoch = 0;
  stoppedBy: TrainResult['stoppedBy'] = 'epochs';
  private badEvals = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly cfg: TrainingConfig,
    private readonly hasValidation: boolean,
    private readonly batchesPerEpoch: number,
    private readonly control: TrainControl,
  ) {}

  /** Between batches: waits while paused; returns true when the run was cancelled (the caller stops the epoch). */
  async cancelRequested(): Promise<boolean> {
    if (this.control.waitWhilePaused) await this.control.waitWhilePaused();
    return this.control.shouldCancel?.() ?? false;
  }

  /** After a full epoch; returns true when early stopping ends training. */
  async endEpoch(epoch: number, lossSum: number, validate: Validate, snapshot: () => EmbeddingParams): Promise<boolean> {
    if (!Number.isFinite(lossSum)) throw new Error(`training diverged at epoch ${epoch} (loss ${lossSum}); lower the learning rate`);
    const elapsed = this.seconds();
    const report: EpochReport = { epoch, loss: lossSum / this.batchesPerEpoch, elapsedSeconds: elapsed, etaSeconds: (elapsed / epoch) * (this.cfg.epochs - epoch) };
    let stop = false;
    if (this.hasValidation && (epoch % this.cfg.evalEvery === 0 || epoch === this.cfg.epochs)) {
      report.validMrr = await validate();
      const mrr = report.validMrr;
      const significant = mrr > this.bestMrr && (this.bestMrr <= 0 || mrr >= this.bestMrr * (1 + (this.cfg.minGain ?? 0)));
      if (mrr > this.bestMrr) this.keep(mrr, epoch, snapshot);
      if (significant) {
        this.badEvals = 0;
      } else if (++this.badEvals >= this.cfg.patience) {
        this.stoppedBy = 'early-stopping';
        stop = true;
      }
    }
    this.history.push(report);
    this.control.onEpoch?.(report);
    return stop;
  }

  /** Cancelled during epoch `epoch`: epochs finished since the last validation are validated, not thrown away. */
  async cancelled(epoch: number, validate: Validate, snapshot: () => EmbeddingParams): Promise<void> {
    this.stoppedBy = 'cancelled';
    if (this.hasValidation && epoch - 1 > this.bestEpoch) {
      const mrr = await validate();
      if (mrr > this.bestMrr) this.keep(mrr, epoch - 1, snapshot);
    }
  }

  epochsRun(epoch: number): number {
    return this.stoppedBy === 'cancelled' ? epoch - 1 : Math.min(epoch, this.cfg.epochs);
  }

  seconds(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private keep(mrr: number, epoch: number, snapshot: () => EmbeddingParams): void {
    this.bestMrr = mrr;
    this.bestEpoch = epoch;
    this.best = cloneParams(snapshot());
  }
}
