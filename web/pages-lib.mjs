// Helpers shared by the browser tests (browser-test.mjs, journeys.mjs):
// reading a fairmove page and answering its question as a person would.

// The question a page asks (its Continue button's value), or null.
export async function questionId (page) {
  const button = page.locator('main form button[value^="answer:"]')
  if (await button.count() === 0) return null
  const v = await button.first().getAttribute('value')
  return v.slice('answer:'.length)
}

export async function heading (page) {
  return (await page.locator('h1').first().innerText()).trim()
}

// The answers the page carries (its hidden state field).
export async function state (page) {
  return page.locator('main form input[name="state"]').first().inputValue()
}

// What kind of answer the page asks for.
export async function answerKind (page) {
  return page.locator('main').evaluate(m =>
    m.querySelector('#answer-day') ? 'date'
      : m.querySelector('input[name="item"]') ? 'list'
        : m.querySelector('input[type="radio"][name="answer"]') ? 'radios'
          : m.querySelector('textarea') ? 'paragraph' : 'text')
}

// Fills the page's answer with `a` (a date as [day, month, year], a list
// as an array, a choice by its value, text as it is typed). `onRow` runs
// after each "Add another item". Does not press Continue.
export async function fill (page, kind, a, onRow = async () => {}) {
  if (kind === 'date') {
    await page.getByLabel('Day').fill(a[0])
    await page.getByLabel('Month').fill(a[1])
    await page.getByLabel('Year').fill(a[2])
  } else if (kind === 'list') {
    for (let i = 0; i < a.length; i++) {
      await page.locator('input[name="item"]').nth(i).fill(a[i])
      if (i + 1 < a.length) {
        await submit(page, 'Add another item')
        await onRow(i)
      }
    }
  } else if (kind === 'radios') {
    if (a !== '') await page.locator(`input[type="radio"][name="answer"][value="${a}"]`).check()
  } else {
    await page.locator('#answer').fill(a)
  }
}

// Presses a button that posts the page's form and waits for the page that
// comes back to load. Without the wait, a check straight after the click
// can look at the page while it is being replaced and find nothing there
// (a run on a busy machine stopped a journey mid-way that way).
export async function submit (page, name = 'Continue') {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name }).click()
  ])
}

// WCAG 1.4.10 reflow (review B12): the page's width at 320 px with text at
// 200 %, and what sticks out past 320 px, to say so. Leaves the viewport at
// 320 px; the caller puts back its own.
export async function reflow (page) {
  await page.setViewportSize({ width: 320, height: 640 })
  return page.evaluate(() => {
    const root = document.documentElement
    const before = root.style.fontSize
    root.style.fontSize = '200%'
    const width = root.scrollWidth
    const over = [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > 321 && e.children.length === 0)
      .slice(0, 3)
      .map(e => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || '').trim().slice(0, 30)}"`)
    root.style.fontSize = before
    return { width, over }
  })
}
