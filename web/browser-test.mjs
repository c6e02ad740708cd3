// A parent finishes the withdraw-exclusion interview in real Chromium, by
// clicking and typing, at phone width: an impossible date and its error
// summary, going back, a reload mid-way, carrying on from the browser's
// storage in a new tab, changing answers from Check your answers, a
// blocking finding and the switch to the suggested document with the
// answers carried over, the letter read on the page and downloaded.
// axe-core checks every kind of page; screenshots at 375 px and 1280 px go
// to OUT for a person to look at. Also a few pages with JavaScript off.
//
// Usage: node web/browser-test.mjs http://127.0.0.1:PORT/ OUT_DIR
// Run by tests/browser.rs (cargo test), which starts the server and opens
// the downloaded .docx in LibreOffice.
import { chromium } from 'playwright-core'
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import http from 'node:http'
import path from 'node:path'
import { questionId, heading, state, answerKind, fill, submit, reflow } from './pages-lib.mjs'

const [given, out] = process.argv.slice(2)
// Served over plain HTTP under a host name, as on a charity's intranet or a
// council's network (hosting review A2): browsers send no Sec-Fetch-Site
// there, so the same-origin check must work from Origin alone.
const base = given && given.replace('//127.0.0.1:', '//fairmove.test:')
if (!base || !out) {
  console.error('usage: node browser-test.mjs BASE_URL OUT_DIR')
  process.exit(2)
}
mkdirSync(out, { recursive: true })
const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium'
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--host-resolver-rules=MAP fairmove.test 127.0.0.1']
})

const failures = []
function check (ok, message) {
  if (!ok) {
    failures.push(message)
    console.error('FAIL: ' + message)
  }
}

// The browser's own Back or Forward. Chromium can swap the page's
// renderer while it settles, and the DevTools call then fails with "Not
// attached to an active page"; one wait and one more try is what a
// person pressing Back again would do. Any other error stands.
async function historyStep (step) {
  try {
    await step()
  } catch (e) {
    if (!String(e.message).includes('Not attached')) throw e
    await new Promise(resolve => setTimeout(resolve, 500))
    await step()
  }
}

const PHONE = { width: 375, height: 812 }
const DESKTOP = { width: 1280, height: 900 }
const seenKinds = new Set()
const axeResults = {}

// axe on the page, and screenshots at both widths, once per kind of page.
async function look (page, kind) {
  if (seenKinds.has(kind)) return
  seenKinds.add(kind)
  const result = await page.evaluate(`${axeSource}; axe.run(document, { resultTypes: ['violations'] })`)
  const bad = result.violations
  axeResults[kind] = result.violations.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`)
  for (const v of bad) {
    check(false, `axe on the ${kind} page: ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
  }
  const size = page.viewportSize()
  for (const [name, viewport] of [['375', PHONE], ['1280', DESKTOP]]) {
    await page.setViewportSize(viewport)
    await page.screenshot({ path: path.join(out, `${kind}-${name}.png`), fullPage: true })
  }
  // What a phone shows first, without scrolling.
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: path.join(out, `${kind}-375-first-screen.png`) })
  await page.setViewportSize(size)
  // Nothing wider than a phone: no sideways scrolling at 375 px.
  await page.setViewportSize(PHONE)
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  check(wide <= PHONE.width, `the ${kind} page scrolls sideways on a phone (${wide} px wide)`)
  // WCAG 1.4.10 reflow: at 320 px with text at 200 %, nothing scrolls
  // sideways (review B12).
  const r = await reflow(page)
  check(r.width <= 320, `the ${kind} page scrolls sideways at 320 px with 200 % text (${r.width} px wide: ${r.over.join('; ')})`)
  await page.setViewportSize(size)
}

// How a parent answers each question: by clicking a choice or typing.
const answers = {
  sender_name: 'Sam Okafor',
  sender_role: 'parent',
  sender_contact: '12 Mill Lane, Bristol BS1 4AB',
  pupil_name: 'Jordan Okafor',
  pupil_known_as: 'Jordan',
  school_name: 'Riverside Academy',
  school_type: 'academy',
  headteacher_name: 'Ms Patel',
  exclusion_date: ['16', '11', '2026'],
  exclusion_reason: 'Persistent disruption in lessons',
  fresh_start_reason: '',
  looked_after: 'no',
  has_social_worker: 'no',
  young_person_agrees: 'yes',
  family_agrees: 'yes',
  school_pressured: 'no',
  board_meeting_started: 'no',
  board_meeting_date: ['', '', ''],
  over_45_days: 'no',
  school_tried: ['A report card', 'Two meetings with the SENCO'],
  ehc_plan: 'no',
  sen_concerns: 'no',
  letter_date: ['23', '11', '2026'],
  reply_by: ['', '', ''],
  // The governing board letter's own questions.
  board_notified_date: ['16', '11', '2026'],
  facts_disputed: 'Jordan was not in the corridor when the fight started.',
  not_tried: ['A referral to the educational psychologist'],
  sen_points: '',
  pupil_views: 'I want to come back and I know I need to work with my teachers.',
  pressure_account: '',
  pressured: 'no',
  open_to_managed_move: 'yes',
  attend_how: 'remote'
}

async function answer (page, id) {
  check(id in answers, `an unexpected question: ${id}`)
  const a = answers[id]
  const kind = await answerKind(page)
  await look(page, `question-${kind}`)
  await fill(page, kind, a, async i => {
    check(await page.locator('input[name="item"]').count() === i + 2, 'Add another item adds one row (review B19)')
    check(await page.evaluate(() => document.activeElement && document.activeElement.id) === `item-${i + 2}`, 'the new box has the cursor (review D14)')
  })
  await submit(page)
}

// Answers questions until the page is no longer a question.
async function answerAll (page, options = {}) {
  for (let n = 0; n < 60; n++) {
    if (await page.locator('main form button[value^="answer:"]').count() === 0) return
    const id = await questionId(page)
    if (options.at && options.at[id]) {
      // A detour; true when it leaves another question on the page.
      const moved = await options.at[id](page)
      delete options.at[id]
      if (moved) continue
    }
    await answer(page, id)
  }
  throw new Error('too many questions')
}

const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true })
const page = await context.newPage()
page.on('console', m => {
  if (/Content Security Policy|Refused to/.test(m.text())) check(false, `console: ${m.text()}`)
})
page.on('pageerror', e => check(false, `a script error: ${e.message}`))

// The start page.
await page.goto(base)
check(await page.title() === 'What is happening? – fairmove', `start title: ${await page.title()}`)
await look(page, 'start')
// The header link keeps its word visible when focused (review B14): the
// GOV.UK focus style, black on yellow, not black on the black header.
await page.locator('.fairmove-header__name').focus()
const focused = await page.locator('.fairmove-header__name').evaluate(e => {
  const s = getComputedStyle(e)
  return { color: s.color, background: s.backgroundColor }
})
check(focused.background === 'rgb(255, 221, 0)' && focused.color === 'rgb(11, 12, 12)', `the focused header link: ${JSON.stringify(focused)}`)
// Continue without a choice: the error summary.
await page.getByRole('button', { name: 'Continue' }).click()
check(await page.locator('.govuk-error-summary').isVisible(), 'an error summary without a choice')
await look(page, 'start-error')
// A situation a managed move does not fit: its route, then back.
const routeLabel = page.locator('label[for^="situation-"]').filter({ hasText: /safeguarding/i }).first()
if (await routeLabel.count() > 0) {
  await routeLabel.click()
  await page.getByRole('button', { name: 'Continue' }).click()
  await look(page, 'route')
  await page.getByRole('link', { name: 'Back' }).click()
}
// Something else: every document, then back.
await page.locator('label[for^="situation-"]').filter({ hasText: /Something else/ }).click()
await page.getByRole('button', { name: 'Continue' }).click()
check(await heading(page) === 'Which document do you need?', `documents: ${await heading(page)}`)
await look(page, 'documents')
await page.getByRole('link', { name: 'Back' }).click()
await page.locator('label[for="situation-0"]').click()
await page.getByRole('button', { name: 'Continue' }).click()
// The suggestion, named before any question (review D2).
check((await heading(page)).startsWith('We suggest: Request to withdraw a permanent exclusion'), `suggestion: ${await heading(page)}`)
await look(page, 'suggest')
await page.getByRole('button', { name: /^Start: / }).click()

await answerAll(page, {
  at: {
    // Back from the school type: the school's name is there to change.
    school_type: async p => {
      await p.getByRole('button', { name: 'Back' }).click()
      check(await questionId(p) === 'school_name', 'Back goes to the question before')
      check(await p.locator('#answer').inputValue() === 'Riverside Academy', 'Back keeps the answer')
      return true
    },
    // Reloading mid-way loses nothing; nor does a new tab.
    headteacher_name: async p => {
      const before = await state(p)
      await p.reload()
      check(await questionId(p) === 'headteacher_name', `a reload keeps the question (now ${await heading(p)})`)
      check(await state(p) === before, 'a reload keeps the answers')
      const tab = await context.newPage()
      await tab.goto(base)
      check(await tab.locator('[data-fairmove-carry]').isVisible(), 'the first page offers to carry on')
      await look(tab, 'start-carry-on')
      await tab.getByRole('button', { name: 'Carry on where I left off' }).click()
      check(await questionId(tab) === 'headteacher_name', 'carrying on in a new tab reaches the same question')
      check((await state(tab)).includes('Jordan Okafor'), 'and keeps the answers')
      // The address of a page, opened without its answers, carries on too.
      await tab.goto(base + 'd/withdraw-exclusion')
      await tab.waitForURL(/d\/withdraw-exclusion/)
      await tab.locator('main form button[value^="answer:"]').waitFor()
      check(await questionId(tab) === 'headteacher_name', 'the page address carries on from the browser')
      await tab.close()
      return false
    },
    // The browser's own Back and Forward (the Android back gesture):
    // the page before, never "Confirm Form Resubmission" (review D3).
    school_pressured: async p => {
      const here = await heading(p)
      await p.waitForLoadState('load')
      await historyStep(() => p.goBack())
      const back = await questionId(p).catch(() => null)
      check(back !== null && back !== 'school_pressured', `browser Back shows the question before (${await p.title()})`)
      await look(p, 'browser-back')
      await historyStep(() => p.goForward())
      check(await heading(p) === here, `browser Forward comes back (${await p.title()})`)
      return false
    },
    // An impossible date: the error summary links to the field.
    exclusion_date: async p => {
      await p.getByLabel('Day').fill('31')
      await p.getByLabel('Month').fill('2')
      await p.getByLabel('Year').fill('2026')
      await p.getByRole('button', { name: 'Continue' }).click()
      const summary = p.locator('.govuk-error-summary')
      check(await summary.isVisible(), 'an impossible date shows the error summary')
      check((await p.title()).startsWith('Error: '), 'the title says Error')
      check(await p.getByLabel('Day').inputValue() === '31', 'what was typed is kept')
      await look(p, 'question-date-error')
      await summary.locator('a').first().click()
      const focused = await p.evaluate(() => document.activeElement && document.activeElement.id)
      check(focused === 'answer-day', `the summary's link goes to the day (focus on ${focused})`)
      return false
    }
  }
})

// Check your answers.
check(await heading(page) === 'Check your answers', `review: ${await heading(page)}`)
await look(page, 'review')
await page.getByRole('button', { name: /^Change.*young person's full name/i }).first().click()
check(await questionId(page) === 'pupil_name', 'Change opens the question')
await page.locator('#answer').fill('Jordan Okafor-Reid')
await page.getByRole('button', { name: 'Continue' }).click()
check(await heading(page) === 'Check your answers', 'back to Check your answers after a change')
check(await page.locator('.govuk-summary-list').first().innerText().then(t => t.includes('Jordan Okafor-Reid')), 'the change is shown')
// A detail not asked on the way through is added from here (review item 8).
check(await page.getByText('More details you can add').isVisible(), 'details offered on Check your answers')
await page.getByRole('button', { name: /^Add.*What date should the letter show/i }).click()
check(await questionId(page) === 'letter_date', 'Add opens the detail')
await page.getByLabel('Day').fill('23')
await page.getByLabel('Month').fill('11')
await page.getByLabel('Year').fill('2026')
await page.getByRole('button', { name: 'Continue' }).click()
check(await heading(page) === 'Check your answers', 'back to Check your answers after adding a detail')
// The page opens at the answer just given, not at its top (review D18).
check(await page.locator('#row-letter_date').isVisible() &&
  await page.evaluate(() => {
    const r = document.getElementById('row-letter_date').getBoundingClientRect()
    return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight
  }), 'after a change, Check your answers opens at that answer')

// The governing board has already met: the head can no longer cancel.
await page.getByRole('button', { name: /^Change.*board of governors met/i }).first().click()
check(await questionId(page) === 'board_meeting_started', 'Change opens the board question')
await page.locator('input[type="radio"][name="answer"][value="yes"]').check()
await page.getByRole('button', { name: 'Continue' }).click()
// An answer that blocks stops the flow at once, not at the end (issue 24).
check((await heading(page)).includes('cannot be written'), `a blocking finding: ${await heading(page)}`)
await look(page, 'findings-blocked')
const switchTo = page.getByRole('button', { name: /^Start instead:/ }).first()
const switchLabel = await switchTo.innerText()
check(/governing board/i.test(switchLabel), `the suggested document: ${switchLabel}`)
await switchTo.click()

// The next document starts with the answers carried over.
const carried = await state(page)
check(carried.includes('"document":"governors-representations"'), 'now the governing board letter')
check(carried.includes('Jordan Okafor-Reid') && carried.includes('Sam Okafor'), 'answers carried over')
await answerAll(page)
check(await heading(page) === 'Check your answers', 'review of the second document')
await page.getByRole('button', { name: 'Check my answers' }).click()
await look(page, 'findings')
await page.getByRole('button', { name: /^Write the/ }).click()
check((await heading(page)).includes('is ready'), `finished: ${await heading(page)}`)
check(await page.locator('.fairmove-letter').innerText().then(t => t.includes('Jordan Okafor-Reid')), 'the letter is shown to read through')
await look(page, 'done')

const [docx] = await Promise.all([
  page.waitForEvent('download'),
  page.getByRole('button', { name: /^Download the letter/ }).click()
])
check(docx.suggestedFilename().endsWith('.docx'), `docx name: ${docx.suggestedFilename()}`)
await docx.saveAs(path.join(out, 'letter.docx'))
const [yaml] = await Promise.all([
  page.waitForEvent('download'),
  page.getByRole('button', { name: 'Download my answers' }).click()
])
await yaml.saveAs(path.join(out, 'answers.yaml'))
check(readFileSync(path.join(out, 'answers.yaml'), 'utf8').includes('document: governors-representations'), 'the answers file')

// Delete my answers from this browser: it asks first (review D13).
page.once('dialog', d => d.dismiss())
await page.getByRole('button', { name: 'Delete my answers from this browser' }).click()
check(await page.evaluate(() => window.localStorage.length) > 0, 'Cancel keeps the answers')
page.once('dialog', d => {
  check(d.message().startsWith('Delete the answers kept in this browser?'), `the confirmation: ${d.message()}`)
  d.accept()
})
await page.getByRole('button', { name: 'Delete my answers from this browser' }).click()
check(await page.evaluate(() => window.localStorage.length) === 0, 'the browser keeps nothing after Delete')
await page.goto(base)
check(!(await page.locator('[data-fairmove-carry]').isVisible()), 'no carry-on offer after Delete')

// A page's address without its answers, and nothing kept: it says how
// to carry on.
await page.goto(base + 'd/withdraw-exclusion')
check(await heading(page) === 'Carry on with your answers', `restore: ${await heading(page)}`)
await look(page, 'restore')

// An error page.
await page.goto(base + 'no-such-page')
await look(page, 'error')
await context.close()

// A page on another website posts answers to fairmove as the family's
// browser (hosting review F4: the answers were taken, and the script saved
// them over the family's own). Now: a 403 page, and the answers kept in
// this browser are still the family's.
const site = await browser.newContext({ viewport: PHONE })
const family = await site.newPage()
await family.goto(base)
await family.locator('label[for="situation-0"]').click()
await submit(family)
await submit(family, /^Start: /)
await family.locator('#answer').fill('Sam Okafor')
await submit(family)
check(await questionId(family) === 'sender_role', `the family's second question: ${await questionId(family)}`)
const theirs = await family.evaluate(() => window.localStorage.getItem('fairmove-answers'))
check(theirs !== null && theirs.includes('Sam Okafor'), `the family's answers are kept in the browser: ${theirs}`)
const planted = (await state(family)).replace('Sam Okafor', 'PLANTED BY ANOTHER SITE')
const escapeAttr = s => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
const other = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.end(`<!DOCTYPE html><title>Another site</title>
<form method="post" action="${base}d/withdraw-exclusion">
<input type="hidden" name="state" value="${escapeAttr(planted)}">
<input type="hidden" name="answer" value="parent">
<input type="hidden" name="action" value="next"></form>
<script>document.forms[0].submit()</script>`)
})
await new Promise(resolve => other.listen(0, '127.0.0.1', resolve))
const evil = await site.newPage()
const [posted] = await Promise.all([
  evil.waitForResponse(r => r.url().startsWith(base) && r.request().method() === 'POST'),
  evil.goto(`http://127.0.0.1:${other.address().port}/`)
])
check(posted.status() === 403, `a post from another website: ${posted.status()}`)
await evil.waitForLoadState('load')
check(await heading(evil) === 'This page was sent from another website', `the refusal: ${await heading(evil)}`)
await look(evil, 'cross-site')
const after = await family.evaluate(() => window.localStorage.getItem('fairmove-answers'))
check(after === theirs, `the family's kept answers are unchanged: ${after}`)
await family.goto(base + 'd/withdraw-exclusion')
const restored = await family.locator('main').innerText()
check(!restored.includes('PLANTED'), 'nothing planted comes back on the next visit')
other.close()
await site.close()

// With JavaScript off, the pages still work: start, a question, an error.
const noJs = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })
const plain = await noJs.newPage()
await plain.goto(base)
check(!(await plain.locator('[data-fairmove-carry]').isVisible()), 'no script-only parts without JavaScript')
await plain.locator('label[for="situation-0"]').click()
await plain.getByRole('button', { name: 'Continue' }).click()
await plain.getByRole('button', { name: /^Start: / }).click()
check(await questionId(plain) === 'sender_name', 'the first question without JavaScript')
await plain.getByRole('button', { name: 'Continue' }).click()
check(await plain.locator('.govuk-error-summary').isVisible(), 'a required answer, without JavaScript')
await plain.locator('#answer').fill('Sam Okafor')
await plain.getByRole('button', { name: 'Continue' }).click()
check(await questionId(plain) === 'sender_role', 'the second question without JavaScript')
await plain.getByRole('button', { name: 'Back' }).click()
check(await questionId(plain) === 'sender_name', 'Back without JavaScript')
await plain.locator('#answer').fill('Sam Okafor')
await plain.getByRole('button', { name: 'Continue' }).click()
// Let the answered page finish loading before the browser's own Back
// (CI once went Back mid-navigation: "Not attached to an active page").
check(await questionId(plain) === 'sender_role', 'the second question again without JavaScript')
await plain.waitForLoadState('load')
await historyStep(() => plain.goBack())
check(await questionId(plain).catch(() => null) === 'sender_name', `browser Back without JavaScript (${await plain.title()})`)
await noJs.close()
await browser.close()

writeFileSync(path.join(out, 'axe.json'), JSON.stringify(axeResults, null, 2))
console.log(`pages checked with axe: ${[...seenKinds].join(', ')}`)
if (failures.length) {
  console.error(`${failures.length} failure(s)`)
  process.exit(1)
}
console.log('browser test passed')
