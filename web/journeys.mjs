// The five journeys of the browser review (../shared/reviews/
// browser-journeys.md), each from the first page to the downloaded
// document and the next step offered, as the person would go: by
// clicking their situation, reading the suggestion, answering every
// question, checking, writing and downloading. Each journey checks the
// document suggested, that nothing blocks the person's real aim, the
// deadline shown first, and the next step offered; the Rust side
// (tests/browser.rs) opens each download in LibreOffice and checks the
// sender's role in the text. Every page is run through axe-core and
// saved at 375 px under OUT/<journey>/ for a person to look at.
//
// Usage: node web/journeys.mjs BASE_URL OUT_DIR EXAMPLES_JSON
// EXAMPLES_JSON holds, by document, an answer to every question (from the
// examples); a journey's own answers come first.
import { chromium } from 'playwright-core'
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { questionId, heading, state, answerKind, fill, submit, reflow } from './pages-lib.mjs'

const [base, out, examplesFile] = process.argv.slice(2)
if (!base || !out || !examplesFile) {
  console.error('usage: node journeys.mjs BASE_URL OUT_DIR EXAMPLES_JSON')
  process.exit(2)
}
const examples = JSON.parse(readFileSync(examplesFile, 'utf8'))
const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync']
})

const failures = []
function check (ok, message) {
  if (!ok) {
    failures.push(message)
    console.error('FAIL: ' + message)
  }
}

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }

// The five people. `answers` are what they type where the examples would
// say something else; `first` is what the first finding must say (the
// deadline most at risk, or the most important thing); `next` the next
// document the finished page must offer.
const journeys = [
  {
    name: 'j1-amina',
    who: 'A mother who wants the head to cancel, not sure about a move (phone)',
    viewport: PHONE,
    situation: /I want the head to cancel it/,
    suggests: 'Request to withdraw a permanent exclusion',
    doc: 'withdraw-exclusion',
    answers: {
      sender_name: 'Amina Hassan',
      sender_role: 'parent',
      sender_contact: '14 Crown Street\nLeeds LS2 7DJ\nPhone 07700 900456',
      pupil_name: 'Yusuf Hassan',
      headteacher_name: 'Mr Brown',
      exclusion_date: ['20', '11', '2026'],
      has_social_worker: 'no',
      family_agrees: 'not-sure',
      young_person_agrees: 'no',
      school_pressured: 'no',
      board_meeting_started: 'no',
      board_meeting_date: ['', '', ''],
      school_tried: ['A report card'],
      ehc_plan: 'no'
    },
    maxQuestions: 15,
    first: /key date|reply/i,
    next: /governing board/i
  },
  {
    name: 'j2-patricia',
    who: 'A foster carer applying for an independent review (phone)',
    viewport: PHONE,
    situation: /decided not to take my child back/,
    suggests: 'Application for an independent review',
    doc: 'review-panel-request',
    answers: {
      sender_name: 'Patricia Okoro',
      sender_role: 'foster-carer',
      pupil_name: 'Daniel Mensah',
      looked_after: 'yes',
      social_worker_name: 'Alex Brown',
      exclusion_date: ['9', '11', '2026'],
      decision_written_date: ['20', '11', '2026'],
      disability_discrimination: 'no'
    },
    first: /key date/i,
    next: /evidence/i
  },
  {
    name: 'j3-june',
    who: 'A grandmother told to keep her grandson at home (phone)',
    viewport: PHONE,
    situation: /keep pupils apart, and says it is not a suspension/,
    suggests: 'Request to confirm in writing why a child is being kept away',
    doc: 'separation-confirmation',
    answers: {
      sender_name: 'June Harris',
      sender_role: 'carer',
      pupil_name: 'Leon Harris',
      separation_start: ['16', '11', '2026'],
      carer_order: 'special-guardian',
      has_social_worker: 'no'
    },
    first: /./,
    next: null
  },
  {
    name: 'j6-lee',
    who: 'A father whose son was sent home "to cool off" three afternoons, nothing in writing (phone; review B1)',
    viewport: PHONE,
    situation: /sent home early, or we are told to keep them at home, with nothing in writing/,
    suggests: 'Request to stop keeping a child out of lessons without a formal exclusion',
    doc: 'informal-exclusion',
    answers: {
      what_happens: 'sent-home',
      how_kept_out: 'sent-home',
      sender_name: 'Lee Walsh',
      sender_role: 'parent',
      pupil_name: 'Callum Walsh',
      first_date: ['16', '11', '2026'],
      times_sent_home: '3'
    },
    first: /key date/i,
    next: null
  },
  {
    name: 'j7-june-kept-apart',
    who: 'A grandmother whose grandson is kept apart from other pupils all day (phone; terminal review K2)',
    viewport: PHONE,
    situation: /kept apart from other pupils in school, all day, for days/,
    suggests: 'Request to stop keeping a child out of lessons without a formal exclusion',
    doc: 'informal-exclusion',
    answers: {
      what_happens: 'kept-apart',
      sender_name: 'June Harris',
      sender_role: 'carer',
      carer_order: 'special-guardian',
      pupil_name: 'Tyler Fletcher',
      first_date: ['12', '11', '2026'],
      days_kept_apart: '8',
      taught_while_apart: 'work-only'
    },
    first: /./,
    next: null
  },
  {
    name: 'j4-inclusion-lead',
    who: 'An inclusion lead keeps one case through the school\'s four records: consent, the agreement with the term dates typed in, the review, and the placement letter that does not fit a managed move (desktop; review B9, B10)',
    viewport: DESKTOP,
    situation: /record a parent's consent/,
    suggests: 'Record of informed, voluntary consent to a managed move',
    doc: 'consent-record',
    answers: {},
    first: /./,
    next: /agreement/i,
    then: {
      doc: 'move-agreement',
      button: /agreement/i,
      carried: ['Jordan Okafor', 'Hillcrest School', 'Sam Okafor'],
      answers: { start_date: ['7', '12', '2026'] },
      terms: true,
      first: /./,
      // The case goes on to the review record (review B10).
      next: /review/i,
      then: {
        doc: 'move-review',
        button: /review/i,
        carried: ['Jordan Okafor', 'Hillcrest School', 'Shinfield'],
        answers: {},
        first: /./,
        next: null,
        // Then the letter ending a placement, which a managed move cannot
        // have: it stops at its first question and offers the review
        // record instead (review B6).
        stops: {
          situation: /can no longer offer the place/,
          doc: 'placement-ended',
          answers: { arrangement: 'managed-move' },
          next: /review/i
        }
      }
    }
  },
  {
    name: 'j5-advocate',
    who: 'A charity advocate writes to the governing board (desktop)',
    viewport: DESKTOP,
    situation: /governing board is going to meet/,
    suggests: 'Written representations to the governing board',
    doc: 'governors-representations',
    answers: {
      sender_name: 'Chris Adeyemi',
      sender_role: 'advocate',
      sender_organisation: 'Hillside Families Advice',
      family_name: 'Mrs Okafor',
      pressured: 'no'
    },
    first: /./,
    next: /review|evidence/i,
    // Then the review application, which has no adviser's role: who is
    // writing is asked again, never carried over (review B2).
    then: {
      doc: 'review-panel-request',
      button: /independent review/i,
      carried: ['Jordan Okafor'],
      notCarried: ['Chris Adeyemi', 'Hillside Families Advice'],
      answers: { decision_written_date: ['23', '11', '2026'], exclusion_date: ['16', '11', '2026'] },
      first: /./,
      next: null
    }
  }
]

const axeResults = {}
const report = {}

async function look (page, dir, n, kind) {
  const result = await page.evaluate(`${axeSource}; axe.run(document, { resultTypes: ['violations'] })`)
  const bad = result.violations
  axeResults[`${path.basename(dir)}/${String(n).padStart(2, '0')}-${kind}`] = result.violations.map(v => `${v.impact} ${v.id}`)
  for (const v of bad) {
    check(false, `${path.basename(dir)}: axe on ${kind}: ${v.impact} ${v.id}: ${v.help}`)
  }
  const size = page.viewportSize()
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${kind}-375.png`), fullPage: true })
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  check(wide <= PHONE.width, `${path.basename(dir)}: ${kind} scrolls sideways on a phone (${wide} px)`)
  // WCAG 1.4.10 reflow at 320 px with text at 200 % (review B12).
  const r = await reflow(page)
  check(r.width <= 320, `${path.basename(dir)}: ${kind} scrolls sideways at 320 px with 200 % text (${r.width} px: ${r.over.join('; ')})`)
  await page.setViewportSize(size)
}

// Answers every question until Check your answers; returns how many.
async function answerAll (page, j, doc, answers, dir, counter) {
  let asked = 0
  for (let n = 0; n < 80; n++) {
    const id = await questionId(page)
    if (id === null) return asked
    asked++
    const given = id in answers ? answers[id] : (examples[doc] || {})[id]
    const kind = await answerKind(page)
    await look(page, dir, counter.n++, `q-${id}`)
    if (given !== undefined && given !== null) await fill(page, kind, given)
    await submit(page)
    const error = page.locator('.govuk-error-summary')
    if (await error.count() > 0 && await questionId(page) === id) {
      check(false, `${j.name}: the answer to ${id} was refused: ${await error.innerText()}`)
      return asked
    }
  }
  throw new Error(`${j.name}: too many questions`)
}

// From Check your answers to the downloaded document; returns the file.
async function finish (page, j, step, dir, counter) {
  check(await heading(page) === 'Check your answers', `${j.name}: Check your answers (${await heading(page)})`)
  await look(page, dir, counter.n++, 'review')
  if (step.terms) {
    // The school's term dates, typed as they are on its website (review
    // D10, B9), with one mistake first.
    await submit(page, "Type the school's term dates")
    await look(page, dir, counter.n++, 'terms')
    const typed = {
      name: "Shinfield St Mary's Junior School 2026-27",
      't1-start': '3 September 2026', 't1-half-start': '26/10/2026', 't1-half-end': '30 Oct 2026', 't1-end': '18 December',
      't2-start': '5/1/2027', 't2-half-start': '15 February 2027', 't2-half-end': '19 February 2027', 't2-end': '25 March 2027',
      't3-start': '12 April 2027', 't3-half-start': '31 May 2027', 't3-half-end': '4 June 2027', 't3-end': '21 July 2027',
      inset: '1 September 2026\n2 September 2026\n23 October 2026\n4 January 2027\n7 June 2027'
    }
    for (const [name, value] of Object.entries(typed)) await page.locator(`[name="${name}"]`).fill(value)
    await submit(page, 'Use these term dates')
    check(await page.locator('.govuk-error-summary').count() === 1, `${j.name}: a date without its year is refused`)
    await look(page, dir, counter.n++, 'terms-error')
    await page.locator('.govuk-error-summary a[href="#t1-end"]').click()
    check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 't1-end', `${j.name}: the error links to its box`)
    await page.locator('#t1-end').fill('18 December 2026')
    await submit(page, 'Use these term dates')
    check(await page.getByText('Term dates added').isVisible(), `${j.name}: term dates added`)
    await look(page, dir, counter.n++, 'review-terms')
  }
  await page.getByRole('button', { name: 'Check my answers' }).click()
  const h = await heading(page)
  check(!h.includes('cannot be written'), `${j.name}: ${step.doc} is blocked: ${h}`)
  await look(page, dir, counter.n++, 'findings')
  const cards = page.locator('.govuk-summary-card')
  const first = await cards.count() > 0 ? await cards.first().innerText() : ''
  check(step.first.test(first), `${j.name}: the first finding should match ${step.first}: ${first.slice(0, 200)}`)
  report[j.name].first.push(first.split('\n').slice(0, 3).join(' ').slice(0, 300))
  await page.getByRole('button', { name: /^Write the/ }).click()
  check((await heading(page)).includes('is ready'), `${j.name}: finished (${await heading(page)})`)
  await look(page, dir, counter.n++, 'done')
  const nextButtons = await page.locator('main button', { hasText: /^Start: / }).allInnerTexts()
  report[j.name].next.push(nextButtons)
  if (step.next) {
    check(nextButtons.some(t => step.next.test(t)), `${j.name}: the next step ${step.next} is offered: ${nextButtons.join('; ')}`)
  }
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download the/ }).click()
  ])
  const file = path.join(dir, `${step.doc}.docx`)
  await download.saveAs(file)
  return file
}

for (const j of journeys) {
  const dir = path.join(out, j.name)
  mkdirSync(dir, { recursive: true })
  report[j.name] = { who: j.who, questions: [], first: [], next: [], files: [] }
  const context = await browser.newContext({ viewport: j.viewport, acceptDownloads: true })
  const page = await context.newPage()
  page.on('pageerror', e => check(false, `${j.name}: a script error: ${e.message}`))
  const counter = { n: 1 }
  try {
    await page.goto(base)
    await look(page, dir, counter.n++, 'start')
    await page.locator('label[for^="situation-"]').filter({ hasText: j.situation }).first().click()
    await page.getByRole('button', { name: 'Continue' }).click()
    const suggestion = await heading(page)
    check(suggestion.startsWith('We suggest: ' + j.suggests), `${j.name}: the suggestion: ${suggestion}`)
    await look(page, dir, counter.n++, 'suggest')
    await page.getByRole('button', { name: /^Start: / }).first().click()
    const asked = await answerAll(page, j, j.doc, j.answers, dir, counter)
    report[j.name].questions.push(asked)
    if (j.maxQuestions) check(asked <= j.maxQuestions, `${j.name}: ${asked} questions, more than ${j.maxQuestions}`)
    report[j.name].files.push(await finish(page, j, j, dir, counter))
    // The next documents of the case, each with its answers carried over
    // (review D22, B10).
    let last = j
    for (let next = j.then; next; last = next, next = next.then) {
      await page.locator('main button', { hasText: /^Start: / }).filter({ hasText: next.button }).first().click()
      const carried = await state(page)
      for (const c of next.carried) check(carried.includes(c), `${j.name}: ${c} carried over to ${next.doc}`)
      for (const c of next.notCarried || []) check(!carried.includes(c), `${j.name}: ${c} must not be carried over to ${next.doc}`)
      const shown = await page.locator('.govuk-inset-text').allInnerTexts()
      check(shown.some(t => t.includes('carried over from the last document')), `${j.name}: the carried answers are shown first in ${next.doc}`)
      const more = await answerAll(page, j, next.doc, next.answers, dir, counter)
      report[j.name].questions.push(more)
      report[j.name].files.push(await finish(page, j, next, dir, counter))
    }
    const stop = last.stops
    if (stop) {
      // A document that does not fit the case: stopped at once, with what
      // to do instead.
      await page.goto(base)
      await page.locator('label[for^="situation-"]').filter({ hasText: stop.situation }).first().click()
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.getByRole('button', { name: /^Start: / }).first().click()
      const asked = await answerAll(page, j, stop.doc, stop.answers, dir, counter)
      report[j.name].questions.push(asked)
      check(asked === 1, `${j.name}: ${stop.doc} stopped after ${asked} questions, not at its first`)
      const h = await heading(page)
      check(h.includes('cannot be written'), `${j.name}: ${stop.doc} should stop: ${h}`)
      await look(page, dir, counter.n++, 'stopped')
      const nextButtons = await page.locator('main button', { hasText: /^Start instead: / }).allInnerTexts()
      check(nextButtons.some(t => stop.next.test(t)), `${j.name}: after ${stop.doc}, ${stop.next} is offered: ${nextButtons.join('; ')}`)
      report[j.name].next.push(nextButtons)
    }
  } catch (e) {
    check(false, `${j.name}: ${e.message}`)
    await page.screenshot({ path: path.join(dir, 'failed.png'), fullPage: true }).catch(() => {})
  }
  await context.close()
}
await browser.close()

writeFileSync(path.join(out, 'journeys.json'), JSON.stringify(report, null, 2))
writeFileSync(path.join(out, 'axe.json'), JSON.stringify(axeResults, null, 2))
for (const [name, r] of Object.entries(report)) {
  console.log(`${name}: ${r.questions.join(' + ')} questions; first finding: ${r.first.join(' | ')}; next: ${r.next.map(n => n.join(', ')).join(' | ')}`)
}
if (failures.length) {
  console.error(`${failures.length} failure(s)`)
  process.exit(1)
}
console.log('journeys passed')
