import type { TouchPointChannel } from '../../../contract/touch-points.ts';
import { CHANNEL_LABEL } from './logic.ts';

/** The corridor stage of a touch point, as a chip. */
export function StageChip({ stage }: { stage: string }) {
  return (
    <span className="tp-chip tp-stage" title="Corridor stage">
      {stage}
    </span>
  );
}

export function ChannelChip({ channel }: { channel: TouchPointChannel }) {
  return (
    <span className="tp-chip tp-channel" title="Channel">
      {CHANNEL_LABEL[channel]}
    </span>
  );
}

export function DirectChip({ direct }: { direct: boolean }) {
  return <span className={`tp-chip ${direct ? 'tp-direct-yes' : 'tp-direct-no'}`}>{direct ? 'Direct' : 'Indirect'}</span>;
}
