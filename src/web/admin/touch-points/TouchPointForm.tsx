import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OWNING_FUNCTIONS, TOUCH_POINT_CHANNELS, TOUCH_POINT_STAGES, type OwningFunction, type TouchPointChannel } from '../../../contract/touch-points.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { ApiError, api, issueFor, otherIssues, type TouchPoint } from '../api.ts';
import { touchPointsQuery } from '../queries.ts';
import { CHANNEL_LABEL, FUNCTION_LABEL } from './logic.ts';

const FIELDS = ['key', 'name', 'stage', 'channel', 'direct', 'owningFunction', 'description'] as const;

/** Adds a touch point to the catalogue, or edits one (its key only while nothing uses it). */
export function TouchPointForm({ editing, onDone, onCancel }: { editing: TouchPoint | null; onDone: (tp: TouchPoint) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const stagesId = useId();
  const [key, setKey] = useState(editing?.key ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [stage, setStage] = useState(editing?.stage ?? '');
  const [channel, setChannel] = useState<TouchPointChannel>(editing?.channel ?? 'in_person');
  const [direct, setDirect] = useState(editing?.direct ?? true);
  const [owningFunction, setOwningFunction] = useState<OwningFunction>(editing?.owningFunction ?? 'service_operations');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const touch = (field: (typeof FIELDS)[number]) => setEdited((s) => (s.has(field) ? s : new Set(s).add(field)));

  const save = useMutation({
    mutationFn: () => {
      const body = { key, name, stage, channel, direct, owningFunction, description: description.trim() === '' ? null : description };
      return editing ? api.updateTouchPoint(editing.id, body) : api.createTouchPoint(body);
    },
    onSuccess: async (tp) => {
      await queryClient.invalidateQueries({ queryKey: touchPointsQuery.queryKey });
      onDone(tp);
    },
  });
  const error = save.error;
  const conflict = error instanceof ApiError && (error.code === 'key_taken' || error.code === 'key_locked') && !edited.has('key') ? error.message : undefined;
  const fieldError = (path: (typeof FIELDS)[number]) => (edited.has(path) ? undefined : issueFor(error, path));
  const rest = otherIssues(error, (p) => (FIELDS as readonly string[]).includes(p));
  const general = error && !(error instanceof ApiError && (conflict !== undefined || error.issues.length > 0));

  function submit(e: FormEvent) {
    e.preventDefault();
    setEdited(new Set());
    save.mutate();
  }

  return (
    <Card title={editing ? `Edit ${editing.name}` : 'New touch point'} data-testid="touch-point-form">
      <form className="form-grid" onSubmit={submit} noValidate>
        <div className="form-grid-2">
          <TextField
            label="Name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              touch('name');
            }}
            error={fieldError('name')}
            autoComplete="off"
            data-testid="tp-name"
          />
          <TextField
            label="Key"
            value={key}
            className="mono-input"
            onChange={(e) => {
              setKey(e.target.value.toLowerCase());
              touch('key');
            }}
            error={fieldError('key') ?? conflict}
            hint="How surveys, events and programmes name it, e.g. service-call. Fixed once something uses it."
            autoComplete="off"
            data-testid="tp-key"
          />
          <TextField
            label="Stage"
            value={stage}
            list={stagesId}
            onChange={(e) => {
              setStage(e.target.value);
              touch('stage');
            }}
            error={fieldError('stage')}
            hint="Where in the corridor it happens; pick one or name your own."
            autoComplete="off"
            data-testid="tp-stage"
          />
          <datalist id={stagesId}>
            {TOUCH_POINT_STAGES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <SelectField
            label="Channel"
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as TouchPointChannel);
              touch('channel');
            }}
            error={fieldError('channel')}
            data-testid="tp-channel"
          >
            {TOUCH_POINT_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABEL[c]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Owning function"
            value={owningFunction}
            onChange={(e) => {
              setOwningFunction(e.target.value as OwningFunction);
              touch('owningFunction');
            }}
            error={fieldError('owningFunction')}
            hint="Who answers for the experience here."
            data-testid="tp-function"
          >
            {OWNING_FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {FUNCTION_LABEL[f]}
              </option>
            ))}
          </SelectField>
          <div className="field tp-direct">
            <Checkbox
              label="Direct contact (the customer deals with our people or systems; indirect is an advertisement, a review, a third party)"
              checked={direct}
              onChange={(e) => {
                setDirect(e.target.checked);
                touch('direct');
              }}
              data-testid="tp-direct"
            />
          </div>
        </div>
        <TextAreaField
          label="Description"
          optional
          rows={2}
          value={description}
          onChange={(e) => {
            setDescription(e.target.value);
            touch('description');
          }}
          error={fieldError('description')}
          data-testid="tp-description"
        />
        <FormErrors issues={rest} error={error} showGeneral={Boolean(general)} what="touch point" />
        <div className="row">
          <Button type="submit" variant="primary" loading={save.isPending} data-testid="tp-save">
            {editing ? 'Save changes' : 'Add touch point'}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
