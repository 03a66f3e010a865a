import { evaluate, type PageLogic } from '../../core/logic.ts';

/**
 * The respondent page's script: shows and hides follow-up questions the moment an answer on the same
 * page changes, with the same evaluator the server runs, and stops a double submit. The page works
 * without it: the server evaluates the same conditions when the page is sent.
 */

function formAnswers(form: HTMLFormElement, lists: ReadonlySet<string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new FormData(form)) {
    if (!name.startsWith('q_') || typeof value !== 'string') continue;
    const key = name.slice(2);
    const text = value.trim();
    if (lists.has(key)) out[key] = [...((out[key] as string[] | undefined) ?? []), text].filter((v) => v !== '');
    // The last value counts, as on the server (a consent's hidden "false", then its box's "true").
    else out[key] = text;
  }
  return out;
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form.card');
  if (!form) return;
  let sending = false;
  form.addEventListener('submit', (e) => {
    if (sending) e.preventDefault();
    sending = true;
    form.setAttribute('aria-busy', 'true');
  });
  const data = document.getElementById('cor-logic');
  if (!data?.textContent) return;
  const logic = JSON.parse(data.textContent) as PageLogic;
  const lists = new Set(logic.m);
  const shown = form.querySelector<HTMLInputElement>('input[name=shown]');
  const update = () => {
    const answers: Record<string, number | string | boolean | string[]> = { ...logic.a, ...formAnswers(form, lists) };
    const on: string[] = [];
    for (const q of logic.q) {
      const box = document.getElementById(`cq-${q.id}`);
      if (!(box instanceof HTMLFieldSetElement)) continue;
      const visible = evaluate(q.c, answers, logic.r);
      box.hidden = !visible;
      box.disabled = !visible;
      // A question that is not asked has no answer, for the questions after it too.
      if (visible) on.push(q.id);
      else for (const k of q.k) delete answers[k];
    }
    if (shown) shown.value = on.join(' ');
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}

start();
