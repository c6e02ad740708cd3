// fairmove's own script: comfort only, every page works without it.
// - starts govuk-frontend's components;
// - keeps the answers of the page in this browser (localStorage), so
//   closing the tab or reloading loses nothing, and offers them again on
//   the first page; "Delete my answers from this browser" removes them.
// Nothing is sent anywhere but to this server's own pages, by the forms.
import { initAll } from '/assets/govuk-frontend.min.js'

const body = document.body
body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) body.classList.add('govuk-frontend-supported')
initAll()

const KEY = 'fairmove-answers'

function kept () {
  try {
    const saved = JSON.parse(window.localStorage.getItem(KEY) || 'null')
    return saved && typeof saved.doc === 'string' && typeof saved.state === 'string' ? saved : null
  } catch (e) {
    return null
  }
}

function hasAnswers (state) {
  try {
    const s = JSON.parse(state)
    return s && s.answers && Object.keys(s.answers).length > 0
  } catch (e) {
    return false
  }
}

// Keep this page's answers.
const main = document.querySelector('[data-fairmove-doc]')
const stateField = document.querySelector('main form input[name="state"]')
if (main && stateField && hasAnswers(stateField.value)) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({
      doc: main.dataset.fairmoveDoc,
      title: main.dataset.fairmoveTitle || main.dataset.fairmoveDoc,
      state: stateField.value
    }))
  } catch (e) {
    // Storage can be full or turned off; the page still holds the answers.
  }
}

// Offer the kept answers on the first page.
const saved = kept()
const carry = document.querySelector('[data-fairmove-carry]')
if (carry && saved) {
  const form = carry.querySelector('[data-fairmove-carry-form]')
  form.action = '/d/' + encodeURIComponent(saved.doc)
  form.querySelector('input[name="state"]').value = saved.state
  carry.querySelector('[data-fairmove-carry-title]').textContent = saved.title || saved.doc
  carry.hidden = false
}

// A page asked for without its answers (a bookmark, or a reload that was
// not posted again): carry on with the kept answers for that document.
const restore = document.querySelector('[data-fairmove-restore]')
if (restore && saved && saved.doc === restore.dataset.fairmoveRestore) {
  const form = document.createElement('form')
  form.method = 'post'
  form.action = '/d/' + encodeURIComponent(saved.doc)
  for (const [name, value] of [['state', saved.state], ['action', 'resume']]) {
    const input = document.createElement('input')
    input.type = 'hidden'
    input.name = name
    input.value = value
    form.appendChild(input)
  }
  document.body.appendChild(form)
  form.submit()
}

// After "Add another item" the page opens at the new box: put the cursor
// there too (review D14).
if (/^#item-\d+$/.test(window.location.hash)) {
  const box = document.getElementById(window.location.hash.slice(1))
  if (box) box.focus()
}

for (const button of document.querySelectorAll('[data-fairmove-forget]')) {
  button.addEventListener('click', () => {
    // One tap must not lose them by mistake (review D13).
    if (!window.confirm('Delete the answers kept in this browser? This cannot be undone. Download your answers first if you may need them.')) return
    try { window.localStorage.removeItem(KEY) } catch (e) {}
    // The pages the browser kept for its Back button go too.
    if (window.fetch) window.fetch('/forget', { method: 'POST', credentials: 'same-origin' }).catch(() => {})
    if (carry) carry.hidden = true
    for (const note of document.querySelectorAll('[data-fairmove-forgotten]')) note.hidden = false
    button.hidden = true
  })
}
