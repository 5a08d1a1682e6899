// Lists pasted from Word in the article editor: real lists, not « · text » paragraphs; and
// headings the editor has not (<h1>, <h5>, <h6>, from Word's « Titre 1 » or a web page) as the
// nearest it has, not paragraphs.
//
// An extension module of django-prose-editor, as editor-figures.js is
// (DJANGO_PROSE_EDITOR_EXTENSIONS in portal/settings/base.py; « WordLists » in
// articles/sanitize.py's EDITOR_EXTENSIONS).
//
// Word puts a list on the clipboard as paragraphs (style "mso-list:l0 level1 lfo1"), each
// starting with its marker (« · », « o », « 1. », « a) ») in a span styled "mso-list:Ignore":
// ProseMirror kept the marker as text, and readers got « ·     Puce » lines (a newsroom's
// trial). A run of such paragraphs becomes a list (numbered if its marker is a number or a
// letter), nested by level, before the editor reads the paste.
import { Extension, Plugin } from "django-prose-editor/editor"

const LEVEL = /mso-list:\s*(l\d+)\s+level(\d+)/i
const NUMBERED = /^\(?[0-9a-z]{1,4}[.)]$/i // « 1. », « a) », « iv. », « (2) »

function wordList(paragraph) {
  const found = LEVEL.exec(paragraph.getAttribute("style") || "")
  return found ? { id: found[1].toLowerCase(), level: Number(found[2]) } : null
}

function wordLevel(paragraph) {
  return wordList(paragraph)?.level || 0
}

// The paragraphs of each list: one right after another, the top level of one Word list (its
// « l0 », « l1 »). A numbered list right under a bulleted one is another list (it was merged
// into the bullets, its numbers lost: a newsroom's trial); a sub-list Word numbered apart stays
// inside its item.
function runsOf(doc) {
  const runs = []
  for (const paragraph of doc.querySelectorAll("p")) {
    const list = wordList(paragraph)
    if (!list) continue
    const run = runs[runs.length - 1]
    const last = run && run[run.length - 1]
    const top = run && wordList(run[0])
    const sameList = top && (list.id === top.id || list.level > top.level)
    if (last && last.nextElementSibling === paragraph && sameList) run.push(paragraph)
    else runs.push([paragraph])
  }
  return runs
}

function listOf(run) {
  const doc = run[0].ownerDocument
  let root = null
  const open = [] // [{level, list}], the innermost last
  for (const paragraph of run) {
    const level = wordLevel(paragraph)
    const marker = paragraph.querySelector("[style*='mso-list:Ignore' i]")
    const numbered = marker ? NUMBERED.test(marker.textContent.replace(/\s+/g, "")) : false
    if (marker) marker.remove()
    while (open.length > 1 && open[open.length - 1].level > level) open.pop()
    const innermost = open[open.length - 1]
    if (!innermost || innermost.level < level) {
      const list = doc.createElement(numbered ? "ol" : "ul")
      if (innermost) {
        const holder = innermost.list.lastElementChild || doc.createElement("li")
        if (!holder.parentNode) innermost.list.append(holder)
        holder.append(list)
      } else {
        root = list
      }
      open.push({ level, list })
    }
    const item = doc.createElement("li")
    const text = doc.createElement("p")
    text.append(...paragraph.childNodes)
    item.append(text)
    open[open.length - 1].list.append(item)
  }
  return root
}

export function wordListsAsLists(html) {
  if (!/mso-list/i.test(html)) return html
  const doc = new DOMParser().parseFromString(html, "text/html") // inert: nothing is loaded
  // A numbered heading (« 1. Les recettes ») kept Word's number as text (a newsroom's trial).
  for (const marker of doc.querySelectorAll(":is(h1, h2, h3, h4, h5, h6) [style*='mso-list:Ignore' i]")) {
    marker.remove()
  }
  for (const run of runsOf(doc)) {
    const list = listOf(run)
    run[0].before(list)
    for (const paragraph of run) paragraph.remove()
  }
  return doc.body.innerHTML
}

// The editor knows h2–h4 (EDITOR_EXTENSIONS) and read any other heading as a paragraph, so a
// pasted title lost its place (a newsroom's trial): the levels articles/sanitize.py's
// HEADING_LEVELS gives them at saving.
const HEADING_LEVELS = { H1: "h2", H5: "h4", H6: "h4" }

export function headingsTheEditorHas(html) {
  if (!/<h[156][\s>]/i.test(html)) return html
  const doc = new DOMParser().parseFromString(html, "text/html")
  for (const heading of doc.querySelectorAll("h1, h5, h6")) {
    const nearest = doc.createElement(HEADING_LEVELS[heading.tagName])
    nearest.append(...heading.childNodes)
    heading.replaceWith(nearest)
  }
  return doc.body.innerHTML
}

export const WordLists = Extension.create({
  name: "wordLists",

  addProseMirrorPlugins() {
    const transformPastedHTML = (html) => headingsTheEditorHas(wordListsAsLists(html))
    return [new Plugin({ props: { transformPastedHTML } })]
  },
})
