// The comparison an agency would otherwise make: the same EIT survey in SurveyJS (survey-core +
// survey-js-ui, the library without a framework), generated from the same instrument JSON: one
// page per section, one radio group per question or sub-question, a comment box, and on complete
// the same POST as the widget. Used only where the packages are installed
// (`npm install --no-save survey-core@2 survey-js-ui@2`); they are not project dependencies.
import fs from 'node:fs';
import path from 'node:path';

/** The installed SurveyJS files, or null: { dir (node_modules), version }. */
export function surveyJsFiles(root) {
  const dir = path.join(root, 'node_modules');
  const need = ['survey-core/survey.core.min.js', 'survey-core/survey-core.min.css', 'survey-js-ui/survey-js-ui.min.js'];
  if (!need.every((f) => fs.existsSync(path.join(dir, f)))) return null;
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'survey-core', 'package.json'), 'utf8')).version;
  return { dir, version };
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** The SurveyJS model of an instrument (Thai texts). */
export function surveyJsModel(ins) {
  const scales = Object.fromEntries(ins.scales.map((s) => [s.id, s]));
  const pages = ins.sections.map((sec) => ({
    name: sec.id,
    title: sec.title.th,
    elements: sec.items.flatMap((it) => {
      const sc = scales[it.scale];
      if (sc.kind === 'text') return [{ type: 'comment', name: it.code, title: it.text.th }];
      const choices = [
        ...sc.options.map((o) => ({ value: o.value, text: o.label.th })),
        ...(sc.not_applicable ? [{ value: 'na', text: sc.not_applicable.th }] : []),
      ];
      const subs = it.sub_items?.length ? it.sub_items : [{ code: it.code, text: it.text }];
      return subs.map((s) => ({
        type: 'radiogroup',
        name: s.code,
        title: it.sub_items?.length ? `${it.text.th} — ${s.text.th}` : s.text.th,
        choices,
      }));
    }),
  }));
  return { title: ins.title.th, locale: 'th', pages, showQuestionNumbers: 'off', completeText: 'ส่ง' };
}

/** A page that loads SurveyJS from /surveyjs/ (node_modules mounted there) and posts on complete. */
export function surveyJsPage(ins) {
  const model = surveyJsModel(ins);
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(ins.title.th)} · SurveyJS</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/surveyjs/survey-core/survey-core.min.css">
<script src="/surveyjs/survey-core/survey.core.min.js" defer></script>
<script src="/surveyjs/survey-js-ui/survey-js-ui.min.js" defer></script>
</head><body><div id="survey"></div><p class="status"></p>
<script type="application/json" id="model">${JSON.stringify(model).replace(/</g, '\\u003c')}</script>
<script>
document.addEventListener('DOMContentLoaded', () => {
  const survey = new Survey.Model(JSON.parse(document.getElementById('model').textContent));
  survey.onComplete.add(async (sender) => {
    const id = crypto.randomUUID();
    const env = { format: 'prongsai.response/1', id, instrument: ${JSON.stringify(ins.id)}, edition: ${JSON.stringify(ins.edition)},
      unit: 'bench', point: null, submitted: new Date().toISOString().slice(0, 10), locale: 'th', answers: sender.data };
    const r = await fetch('/api/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': id },
      body: JSON.stringify(env), credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (r.ok) { const s = document.querySelector('.status'); s.className = 'pg-sent'; s.textContent = 'ส่งแล้ว'; }
  });
  SurveyUI.renderSurvey(survey, document.getElementById('survey'));
});
</script></body></html>`;
}
