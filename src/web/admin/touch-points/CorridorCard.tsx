import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { DownIcon, PlusIcon, TrashIcon, UpIcon } from '../../ui/icons.tsx';
import { api, errorMessage, type Corridor, type TouchPoint } from '../api.ts';
import { corridorsQuery } from '../queries.ts';
import { labelOfRole, moveItem } from './logic.ts';
import { ChannelChip, StageChip } from './chips.tsx';

/**
 * One audience's corridor: its touch points in order, reordered with buttons (focus stays on the
 * moved item's button, so the keyboard can keep moving it), added from the catalogue, saved at once.
 */
export function CorridorCard({ corridor, catalogue, isNew, onRemoved }: { corridor: Corridor; catalogue: readonly TouchPoint[]; isNew: boolean; onRemoved: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(corridor.name);
  const [keys, setKeys] = useState<string[]>(corridor.touchPoints);
  const [adding, setAdding] = useState('');
  const [saved, setSaved] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const focusAfter = useRef<{ index: number; action: string } | null>(null);
  useEffect(() => {
    const f = focusAfter.current;
    if (!f || !list.current) return;
    focusAfter.current = null;
    const row = list.current.children[f.index];
    (row?.querySelector<HTMLElement>(`[data-action="${f.action}"]:not(:disabled)`) ?? row?.querySelector<HTMLElement>('button:not(:disabled)'))?.focus();
  });

  const byKey = new Map(catalogue.map((t) => [t.key, t]));
  const free = catalogue.filter((t) => !keys.includes(t.key));
  const dirty = isNew || name !== corridor.name || keys.join('\n') !== corridor.touchPoints.join('\n');
  const change = (next: string[]) => {
    setKeys(next);
    setSaved(false);
  };

  const save = useMutation({
    mutationFn: () => api.putCorridor(corridor.audienceRole, { name, touchPoints: keys }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: corridorsQuery.queryKey });
    },
  });
  const remove = useMutation({
    mutationFn: () => (isNew ? Promise.resolve() : api.deleteCorridor(corridor.audienceRole)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: corridorsQuery.queryKey });
      onRemoved();
    },
  });
  const title = (
    <h2 className="corridor-title">
      {corridor.name || labelOfRole(corridor.audienceRole)} <span className="muted small mono">{corridor.audienceRole}</span>
    </h2>
  );

  return (
    <Card title={title} data-testid={`corridor-${corridor.audienceRole}`} className="corridor-card">
      <div className="stack">
        <TextField
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          data-testid="corridor-name"
        />
        {keys.length === 0 ? (
          <p className="muted">No touch points yet: add the first one this audience meets.</p>
        ) : (
          <ol className="corridor-steps" ref={list} aria-label={`Touch points of ${name || corridor.audienceRole}, in order`}>
            {keys.map((key, i) => {
              const tp = byKey.get(key);
              const label = tp?.name ?? key;
              return (
                <li key={key} className="corridor-step" data-testid="corridor-step" data-key={key}>
                  <span className="corridor-pos" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span className="corridor-step-main">
                    <span className="corridor-step-name">{label}</span>
                    <span className="corridor-step-meta">
                      {tp ? (
                        <>
                          <StageChip stage={tp.stage} />
                          <ChannelChip channel={tp.channel} />
                        </>
                      ) : (
                        <Badge tone="warning">not in the catalogue</Badge>
                      )}
                    </span>
                  </span>
                  <span className="row-actions">
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="up" aria-label={`Move ${label} up`} title="Move up" disabled={i === 0} onClick={() => {
                        change(moveItem(keys, i, -1));
                        focusAfter.current = { index: i - 1, action: 'up' };
                      }}>
                      <UpIcon size={15} />
                    </Button>
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="down" aria-label={`Move ${label} down`} title="Move down" disabled={i === keys.length - 1} onClick={() => {
                        change(moveItem(keys, i, 1));
                        focusAfter.current = { index: i + 1, action: 'down' };
                      }}>
                      <DownIcon size={15} />
                    </Button>
                    <Button variant="ghost" size="sm" className="btn-icon" data-action="remove" aria-label={`Remove ${label} from the corridor`} title="Remove" onClick={() => {
                        change(keys.filter((k) => k !== key));
                        focusAfter.current = { index: Math.min(i, keys.length - 2), action: 'remove' };
                      }}>
                      <TrashIcon size={15} />
                    </Button>
                  </span>
                </li>
              );
            })}
          </ol>
        )}
        <div className="corridor-add">
          <SelectField label="Add a touch point" value={adding} onChange={(e) => setAdding(e.target.value)} disabled={free.length === 0} data-testid="corridor-add-select">
            <option value="">{free.length === 0 ? 'Every touch point is in this corridor' : 'Choose a touch point…'}</option>
            {free.map((t) => (
              <option key={t.key} value={t.key}>
                {t.name} ({t.key})
              </option>
            ))}
          </SelectField>
          <Button
            icon={<PlusIcon size={15} />}
            disabled={adding === ''}
            onClick={() => {
              change([...keys, adding]);
              setAdding('');
            }}
            data-testid="corridor-add"
          >
            Add
          </Button>
        </div>
        {save.error !== null && (
          <Alert tone="error" title="Could not save the corridor.">
            {errorMessage(save.error)}
          </Alert>
        )}
        {remove.error !== null && (
          <Alert tone="error" title="Could not remove the corridor.">
            {errorMessage(remove.error)}
          </Alert>
        )}
        <div className="row">
          <Button variant="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="corridor-save">
            Save corridor
          </Button>
          <Button variant="ghost" icon={<TrashIcon size={15} />} loading={remove.isPending} onClick={() => remove.mutate()} data-testid="corridor-remove">
            Remove corridor
          </Button>
          <span role="status" className="muted small" data-testid="corridor-status">
            {saved && !dirty ? 'Saved.' : dirty && !isNew ? 'Unsaved changes' : ''}
          </span>
        </div>
      </div>
    </Card>
  );
}
