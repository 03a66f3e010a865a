import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { fromProgramme, emptyProgrammeForm } from '../programmes/form-model.ts';
import { ProgrammeForm } from '../programmes/ProgrammeForm.tsx';
import { programmeQuery } from '../programmes/queries.ts';
import { PageLoadError, PageSkeleton } from '../components/QueryState.tsx';
import { useUser } from '../session.ts';
import { useTitle } from '../use-title.ts';
import '../builder/builder.css';
import '../programmes/programmes.css';

export function NewProgrammePage() {
  const user = useUser();
  useTitle('New programme');
  return (
    <div className="page prog prog-form-page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/programmes">Programmes</Link>
          </nav>
          <h1>New programme</h1>
          <p className="page-sub">Choose how it listens, then who, when and how often. A dry run shows who would be invited before anything is sent.</p>
        </div>
      </header>
      <ProgrammeForm initial={emptyProgrammeForm(user.unitId)} />
    </div>
  );
}

export function EditProgrammePage() {
  const { id } = useParams({ from: '/_app/programmes/$id/edit' });
  const programme = useQuery(programmeQuery(id));
  useTitle(programme.data ? `Edit ${programme.data.name}` : 'Edit programme');
  if (programme.isError) return <PageLoadError error={programme.error} what="programme" onRetry={() => void programme.refetch()} />;
  if (!programme.data) return <PageSkeleton />;
  const p = programme.data;
  return (
    <div className="page prog prog-form-page">
      <header className="page-header">
        <div>
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/programmes">Programmes</Link>
            <span aria-hidden="true"> / </span>
            <Link to="/programmes/$id" params={{ id: p.id }}>
              {p.name}
            </Link>
          </nav>
          <h1>Edit programme</h1>
          <p className="page-sub">Changes apply to invitations scheduled from now on.</p>
        </div>
      </header>
      {/* Keyed by id, so the form starts over when another programme is opened. */}
      <ProgrammeForm key={p.id} initial={fromProgramme(p)} programme={p} />
    </div>
  );
}
