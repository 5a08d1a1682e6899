// Figures in the article editor: the picture cannot be typed, pasted or cut over.
//
// An extension module of django-prose-editor, as editor-table-caption.js is
// (DJANGO_PROSE_EDITOR_EXTENSIONS in portal/settings/base.py; « FigureGuard » in
// articles/sanitize.py's EDITOR_EXTENSIONS).
//
// Why: a click on a figure's picture selects the picture alone, and ProseMirror then puts what
// is typed in its place. A figure must hold a picture, so ProseMirror made a new one without
// an address for each letter, the letters in paragraphs of their own between them: a writer
// who clicked the photo and typed lost it (a newsroom trial). With the picture (or the figure)
// selected, typing or pasting now goes into a paragraph after the figure, Enter opens an empty
// one there, and Backspace or Delete (with Shift or Ctrl too) removes the figure once, whole
// (Ctrl+Z brings it back). Whatever else takes a figure's picture away (a cut, a drop), the
// figure goes with it rather than stay with a picture without an address. And a figure just
// inserted (« Image avec légende » › « Insérer ») leaves the cursor in a paragraph after it:
// ProseMirror left it at the end of the caption, and the writer's next sentence ended up
// glued to the credit (a newsroom trial).
//
// And a picture pasted from the writer's own computer (copied from Word: a `file:` address; a
// screenshot or a copied photo: `data:`, `blob:` or a file on the clipboard) has no address a
// reader could load. The editor dropped the `data:` ones without a word and kept the `file:`
// ones, broken, for the server to refuse at saving (articles/sanitize.py). Such a paste now
// brings the text alone and says why, at the bottom of the screen, in view wherever the writer is.
import { Extension, Plugin } from "django-prose-editor/editor"

// The page's JavaScript catalog (French msgids, djangojs), when it is loaded.
const gettext = (text) => (window.gettext ? window.gettext(text) : text)

// The figure the selection is on: the figure itself, or its picture.
function selectedFigure(state) {
  const { selection } = state
  const node = selection.node
  if (!node) return null
  if (node.type.name === "figure") return { pos: selection.from, node }
  if (node.type.name === "image" && selection.$from.parent.type.name === "figure") {
    return { pos: selection.$from.before(), node: selection.$from.parent }
  }
  return null
}

function writeAfter(editor, figure, text) {
  const after = figure.pos + figure.node.nodeSize
  const paragraph = text
    ? { type: "paragraph", content: [{ type: "text", text }] }
    : { type: "paragraph" }
  return editor
    .chain()
    .insertContentAt(after, paragraph)
    .setTextSelection(after + 1 + text.length)
    .scrollIntoView()
    .run()
}

function figureCount(doc) {
  let count = 0
  doc.descendants((node) => {
    if (node.type.name === "figure") count += 1
    return node.type.name !== "figure"
  })
  return count
}

// The figure a position is in (its caption), if any.
function figureAround($pos) {
  for (let depth = $pos.depth; depth > 0; depth -= 1) {
    const node = $pos.node(depth)
    if (node.type.name === "figure") return { pos: $pos.before(depth), node }
  }
  return null
}

// An address only the writer's computer can read: any scheme but http(s) (`C:\…` has one too),
// a network path (`\\server\…`).
const LOCAL_ADDRESS = /^\s*(?!https?:)[a-z][a-z0-9+.-]*:|^\s*\\\\/i

// The pasted HTML without its local pictures, and how many there were.
function withoutLocalPictures(html) {
  const doc = new DOMParser().parseFromString(html, "text/html") // inert: nothing is loaded
  const local = [...doc.querySelectorAll("img")].filter((img) =>
    LOCAL_ADDRESS.test(img.getAttribute("src") || ""),
  )
  for (const img of local) {
    const paragraph = img.closest("p")
    img.remove()
    // Word puts each picture in a paragraph of its own (in a <span>): not left behind empty.
    if (paragraph && !paragraph.textContent.trim() && !paragraph.querySelector("img, br")) {
      paragraph.remove()
    }
  }
  return { html: local.length ? doc.body.innerHTML : html, dropped: local.length }
}

function clipboardHasPicture(data) {
  return [...(data?.files || [])].some((file) => file.type.startsWith("image/"))
}

// The notice, at the bottom of the screen (admin-editor.css): the last one goes, and a new one
// is put in the page each time, which screen readers announce (role="alert").
function showPastedPictureNotice(editor, shown) {
  const wrapper = editor.options.element.closest(".prose-editor") || editor.options.element
  const last = wrapper.nextElementSibling
  if (last?.classList.contains("editor-notice")) last.remove()
  if (!shown) return
  const notice = document.createElement("div")
  notice.className = "editor-notice"
  notice.setAttribute("role", "alert")
  const text = document.createElement("p")
  text.textContent = gettext(
    "L'image collée n'a pas été gardée : elle n'existe que sur votre ordinateur (une copie " +
      "depuis Word, une capture d'écran). Enregistrez-la, puis ajoutez-la avec le bouton " +
      "Image (médiathèque).",
  )
  const close = document.createElement("button")
  close.type = "button"
  close.textContent = gettext("Fermer")
  close.addEventListener("click", () => {
    notice.remove()
    editor.commands.focus()
  })
  notice.append(text, close)
  wrapper.after(notice)
}

export const FigureGuard = Extension.create({
  name: "figureGuard",

  addKeyboardShortcuts() {
    const removeFigure = () => {
      const figure = selectedFigure(this.editor.state)
      if (!figure) return false
      return this.editor.commands.deleteRange({
        from: figure.pos,
        to: figure.pos + figure.node.nodeSize,
      })
    }
    // Backspace at the start of the paragraph under a figure joined it to the caption, then
    // ate the caption letter by letter (a newsroom's trial; the empty paragraph that always
    // closes the text made it the usual case): the figure is selected instead, which the next
    // Backspace removes; an empty paragraph in between goes, unless it closes the text.
    const selectFigureAbove = () => {
      const { $from, empty } = this.editor.state.selection
      if (!empty || $from.parentOffset !== 0 || !$from.parent.isTextblock || $from.depth < 1) {
        return false
      }
      const container = $from.node($from.depth - 1)
      const index = $from.index($from.depth - 1)
      const above = index > 0 ? container.child(index - 1) : null
      if (!above || above.type.name !== "figure") return false
      const paragraphPos = $from.before($from.depth)
      const figurePos = paragraphPos - above.nodeSize
      const chain = this.editor.chain()
      const last = index === container.childCount - 1
      if ($from.parent.content.size === 0 && !last) {
        chain.deleteRange({ from: paragraphPos, to: paragraphPos + $from.parent.nodeSize })
      }
      return chain.setNodeSelection(figurePos).run()
    }
    return {
      Enter: () => {
        const figure = selectedFigure(this.editor.state)
        return figure ? writeAfter(this.editor, figure, "") : false
      },
      Backspace: () => removeFigure() || selectFigureAbove(),
      Delete: removeFigure,
      "Shift-Backspace": () => removeFigure() || selectFigureAbove(),
      "Mod-Backspace": () => removeFigure() || selectFigureAbove(),
      "Mod-Delete": removeFigure,
    }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    let dropped = 0
    // Pictures left out of what comes in (or a picture alone) are said in the notice; anything
    // else takes the last notice away. The paste or drop itself goes on, but for a picture
    // alone, which has nothing else to bring: it ends here (ProseMirror, finding nothing it
    // could paste, tried again 50 ms later and put the notice back after « Fermer »; a
    // picture file dropped would open in the tab).
    const said = (data) => {
      const words = data?.getData("text/html") || data?.getData("text/plain")
      const pictureAlone = !words && clipboardHasPicture(data)
      showPastedPictureNotice(editor, dropped > 0 || pictureAlone)
      dropped = 0
      return pictureAlone
    }
    return [
      // Local pictures taken out of a paste, before the editor reads it; said once it is in.
      new Plugin({
        props: {
          // Counted afresh for each paste or drop: one another plugin took whole (a paste into
          // a table cell) left its count for the next (a review).
          // Typing goes on: the notice has been read, and it covered the form's buttons on a
          // phone (a newsroom's trial).
          handleKeyDown() {
            showPastedPictureNotice(editor, false)
            return false
          },
          handleDOMEvents: {
            paste() {
              dropped = 0
              return false
            },
            drop() {
              dropped = 0
              return false
            },
          },
          transformPastedHTML(html) {
            const cleaned = withoutLocalPictures(html)
            dropped += cleaned.dropped
            return cleaned.html
          },
          handlePaste(_view, event) {
            return said(event.clipboardData)
          },
          handleDrop(_view, event) {
            return said(event.dataTransfer)
          },
        },
      }),
      new Plugin({
        props: {
          handleTextInput(view, _from, _to, text) {
            const figure = selectedFigure(view.state)
            return figure ? writeAfter(editor, figure, text) : false
          },
          handlePaste(view, _event, slice) {
            const figure = selectedFigure(view.state)
            if (!figure || !writeAfter(editor, figure, "")) return false
            view.dispatch(view.state.tr.replaceSelection(slice).scrollIntoView())
            return true
          },
        },
        // A figure whose picture is gone or has no address is removed whole; one just inserted
        // hands the cursor to a new paragraph after it.
        appendTransaction(transactions, old, state) {
          if (!transactions.some((transaction) => transaction.docChanged)) return null
          const { selection } = state
          // Not an undo or redo (prosemirror-history's meta) bringing a figure back.
          const undone = transactions.some((transaction) => transaction.getMeta("history$"))
          const inserted =
            !undone &&
            selection.empty &&
            figureAround(selection.$from) &&
            figureCount(state.doc) > figureCount(old.doc)
          if (inserted) {
            const figure = figureAround(selection.$from)
            const after = figure.pos + figure.node.nodeSize
            const next = state.doc.nodeAt(after)
            let tr = state.tr
            if (!next || next.type.name !== "paragraph" || next.content.size) {
              tr = tr.insert(after, state.schema.nodes.paragraph.create())
            }
            // The editor's module exports no TextSelection: the cursor's own class is one.
            return tr.setSelection(selection.constructor.create(tr.doc, after + 1)).scrollIntoView()
          }
          const broken = []
          state.doc.descendants((node, pos) => {
            if (node.type.name !== "figure") return true
            const picture = node.firstChild
            if (!picture || picture.type.name !== "image" || !picture.attrs.src) {
              broken.push([pos, pos + node.nodeSize])
            }
            return false
          })
          if (!broken.length) return null
          const tr = state.tr
          for (const [from, to] of broken.reverse()) tr.delete(from, to)
          return tr
        },
      }),
    ]
  },
})
