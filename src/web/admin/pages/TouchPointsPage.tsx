import { Fragment, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AUDIENCE_ROLE, TOUCH_POINT_STAGES } from '../../../contract/touch-points.ts';
import { Button } from '../../ui/Button.tsx';
import { Alert, EmptyState } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { EditIcon, ListIcon, PlusIcon, TrashIcon } from '../../ui/icons.tsx';
import { Table } from '../../ui/Table.tsx';
import { formatCount } from '../../ui/format.ts';
import { api, errorMessage, type Corridor, type TouchPoint } from '../api.ts';
import { ListCard, LoadError } from '../components/QueryState.tsx';
import { corridorsQuery, touchPointsQuery } from '../queries.ts';
import { ChannelChip, DirectChip, StageChip } from '../touch-points/chips.tsx';
import { CorridorCard } from '../touch-points/CorridorCard.tsx';
import { FUNCTION_LABEL, labelOfRole } from '../touch-points/logic.ts';
import { TouchPointForm } from '../touch-points/TouchPointForm.tsx';
import { useTitle } from '../use-title.ts';
import '../touch-points/touch-points.css';

/** The catalogue in corridor order: the suggested stages first, in their order, then the company's own. */
function sortByStage(list: readonly TouchPoint[]): TouchPoint[] {
  const rank = (stage: string) => {
    const i = (TOUCH_POINT_STAGES as readonly string[]).indexOf(stage);
    return i === -1 ? TOUCH_POINT_STAGES.length : i;
  };
  return [...list].sort((a, b) => rank(a.stage) - rank(b.stage) || a.stage.localeCompare(b.stage) || a.name.localeCompare(b.name));
}

/** Settings → Touch points: the company's catalogue, and the corridor of each audience role. */
export function TouchPointsPage() {
  useTitle('Touch points');
  return (
    <>
      <Catalogue />
      <Corridors />
    </>
  );
}

function Catalogue() {
  const touchPoints = useQuery(touchPointsQuery);
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ editing: TouchPoint | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (tp: TouchPoint) => api.deleteTouchPoint(tp.id),
    onSuccess: async (_, tp) => {
      setNotice(`${tp.name} was removed from the catalogue.`);
      await queryClient.invalidateQueries({ queryKey: touchPointsQuery.queryKey });
    },
  });
  const count = touchPoints.data?.touchPoints.length;

  return (
    <section className="stack" aria-labelledby="catalogue-title">
      <div className="section-head">
        <div>
          <h2 id="catalogue-title" className="tp-section-title">Catalogue</h2>
          <p className="muted">
            {count === undefined ? 'Where customers meet the company.' : `${formatCount(count)} touch point${count === 1 ? '' : 's'}: where customers meet the company. Questions, surveys and programmes name them by key.`}
          </p>
        </div>
        {!form && (
          <Button
            variant="primary"
            icon={<PlusIcon size={16} />}
            onClick={() => {
              setForm({ editing: null });
              setNotice(null);
              remove.reset();
            }}
            data-testid="new-touch-point"
          >
            New touch point
          </Button>
        )}
      </div>
      {notice && <Alert tone="success" title={notice} testId="touch-point-notice" />}
      {form && (
        <TouchPointForm
          key={form.editing?.id ?? 'new'}
          editing={form.editing}
          onDone={(tp) => {
            setNotice(form.editing ? `${tp.name} was saved.` : `${tp.name} was added to the catalogue.`);
            setForm(null);
          }}
          onCancel={() => setForm(null)}
        />
      )}
      <ListCard
        query={touchPoints}
        what="touch points"
        isEmpty={count === 0}
        empty={
          <EmptyState icon={<ListIcon size={26} />} title="No touch points yet">
            Add the places where customers meet you: a sales meeting, an installation, an invoice, a service call.
          </EmptyState>
        }
      >
        {(data) => (
          <Table data-testid="touch-points-table" className="stack-table">
            <thead>
              <tr>
                <th>Touch point</th>
                <th>Stage</th>
                <th>Channel</th>
                <th>Contact</th>
                <th>Owner</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sortByStage(data.touchPoints).map((tp) => (
                <Fragment key={tp.id}>
                  <tr data-testid="touch-point-row" data-key={tp.key}>
                    <td className="table-title">
                      <div>{tp.name}</div>
                      <code className="tp-key">{tp.key}</code>
                      {tp.description && <div className="muted small tp-description">{tp.description}</div>}
                    </td>
                    <td data-label="Stage">
                      <StageChip stage={tp.stage} />
                    </td>
                    <td data-label="Channel">
                      <ChannelChip channel={tp.channel} />
                    </td>
                    <td data-label="Contact">
                      <DirectChip direct={tp.direct} />
                    </td>
                    <td data-label="Owner">{FUNCTION_LABEL[tp.owningFunction]}</td>
                    <td>
                      <span className="row-actions">
                        <Button
                          variant="ghost"
                          size="sm"
                          icon={<EditIcon size={15} />}
                          aria-label={`Edit ${tp.name}`}
                          onClick={() => {
                            setForm({ editing: tp });
                            setNotice(null);
                            remove.reset();
                          }}
                          data-testid="touch-point-edit"
                        >
                          Edit
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          icon={<TrashIcon size={15} />}
                          aria-label={`Delete ${tp.name}`}
                          loading={remove.isPending && remove.variables?.id === tp.id}
                          onClick={() => {
                            setNotice(null);
                            remove.mutate(tp);
                          }}
                          data-testid="touch-point-delete"
                        >
                          Delete
                        </Button>
                      </span>
                    </td>
                  </tr>
                  {remove.error !== null && remove.variables?.id === tp.id && (
                    <tr className="tp-error-row">
                      <td colSpan={6}>
                        <Alert tone="error" title={`Could not delete ${tp.name}.`} testId="touch-point-delete-error">
                          {errorMessage(remove.error)}
                        </Alert>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </section>
  );
}

function Corridors() {
  const corridors = useQuery(corridorsQuery);
  const touchPoints = useQuery(touchPointsQuery);
  const [pending, setPending] = useState<Corridor[]>([]);
  const [role, setRole] = useState('');
  const [roleError, setRoleError] = useState<string | undefined>();
  const saved = corridors.data?.corridors ?? [];
  const savedRoles = new Set(saved.map((c) => c.audienceRole));
  // A new corridor stays on screen, unsaved, until the server lists it.
  const shown = [...saved.map((c) => ({ corridor: c, isNew: false })), ...pending.filter((p) => !savedRoles.has(p.audienceRole)).map((c) => ({ corridor: c, isNew: true }))];

  function addCorridor(e: FormEvent) {
    e.preventDefault();
    const r = role.trim();
    if (!AUDIENCE_ROLE.test(r)) return setRoleError('Use lower-case letters, digits and _, starting with a letter (e.g. purchasing_agent)');
    if (shown.some((s) => s.corridor.audienceRole === r)) return setRoleError(`${r} has a corridor already`);
    setPending((p) => [...p, { audienceRole: r, name: labelOfRole(r), touchPoints: [] }]);
    setRole('');
    setRoleError(undefined);
  }

  return (
    <section className="stack tp-corridors" aria-labelledby="corridors-title">
      <div>
        <h2 id="corridors-title" className="tp-section-title">Corridors</h2>
        <p className="muted">The touch points each audience goes through, in the order they meet them.</p>
      </div>
      {corridors.isError ? (
        <LoadError error={corridors.error} what="corridors" onRetry={() => void corridors.refetch()} />
      ) : (
        <div className="corridor-grid">
          {shown.map(({ corridor, isNew }) => (
            <CorridorCard
              key={corridor.audienceRole}
              corridor={corridor}
              catalogue={touchPoints.data?.touchPoints ?? []}
              isNew={isNew}
              onRemoved={() => setPending((p) => p.filter((x) => x.audienceRole !== corridor.audienceRole))}
            />
          ))}
        </div>
      )}
      <form className="corridor-new" onSubmit={addCorridor} noValidate>
        <TextField
          label="Audience role"
          value={role}
          className="mono-input"
          placeholder="e.g. purchasing_agent"
          hint="As your contacts' audience role names it."
          error={roleError}
          onChange={(e) => {
            setRole(e.target.value);
            setRoleError(undefined);
          }}
          data-testid="corridor-new-role"
        />
        <Button type="submit" icon={<PlusIcon size={15} />} data-testid="corridor-new">
          Add corridor
        </Button>
      </form>
    </section>
  );
}
