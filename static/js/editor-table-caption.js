// Tables with a caption in the article editor: « Légende du tableau ».
//
// An extension module of django-prose-editor: DJANGO_PROSE_EDITOR_EXTENSIONS (portal/settings/
// base.py) has the editor import this file when the field's extensions name « CaptionedTable »
// (articles/sanitize.py, EDITOR_EXTENSIONS), and what it exports joins the editor's extensions.
// A static file: the admin's Content Security Policy allows no inline script.
//
// Why the caption is an attribute of the table and not a node inside it: under Tiptap's Table,
// prosemirror-tables reads every child of a table node as a row (TableMap), so a caption child
// breaks every table command (add a row, merge cells, delete a column). The caption therefore
// lives on the table node as plain text:
//   * read from a <caption> when the text is loaded (an existing table keeps its caption, and
//     the <caption> never turns into a first row);
//   * written back as <table><caption>…</caption><tbody>…</tbody></table>, which the server's
//     sanitiser keeps (articles/sanitize.py) and the article page shows above the table;
//   * shown above the table while editing, and set, changed or removed (left empty) from the
//     toolbar button « Légende du tableau », offered while the cursor is in a table.
import {
  findParentNode,
  mergeAttributes,
  Table,
  updateAttrsDialog,
} from "django-prose-editor/editor"

// The page's JavaScript catalog (French msgids, djangojs) is loaded before the editor starts.
const gettext = (text) => (window.gettext ? window.gettext(text) : text)

const findTable = findParentNode((node) => node.type.name === "table")

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
  <line x1="5" y1="3" x2="19" y2="3" stroke="#2196F3" stroke-width="2.5"/>
  <rect x="3" y="7" width="18" height="14" rx="2"/>
  <line x1="3" y1="12" x2="21" y2="12"/>
  <line x1="9" y1="7" x2="9" y2="21"/>
  <line x1="15" y1="7" x2="15" y2="21"/>
</svg>`

export function captionText(value) {
  return (value || "").replace(/\s+/g, " ").trim() || null
}

function captionDialog(editor, caption) {
  return updateAttrsDialog(
    {
      caption: {
        type: "string",
        title: gettext("Légende du tableau"),
        description: gettext(
          "Affichée au-dessus du tableau et lue en premier par les lecteurs d'écran ; laissez vide pour la retirer.",
        ),
      },
    },
    { title: gettext("Légende du tableau"), submitText: gettext("Valider") },
  )(editor, { caption: caption || "" })
}

export const CaptionedTable = Table.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      caption: {
        default: null,
        rendered: false, // written as a <caption> child by renderHTML, not as an attribute
        parseHTML: (element) => captionText(element.querySelector(":scope > caption")?.textContent),
      },
    }
  },

  parseHTML() {
    // The caption's text is the table's attribute (above): it must not become a row.
    return [...(this.parent?.() ?? [{ tag: "table" }]), { tag: "caption", ignore: true }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const table = ["table", mergeAttributes(this.options.HTMLAttributes, HTMLAttributes)]
    if (node.attrs.caption) table.push(["caption", node.attrs.caption])
    table.push(["tbody", 0])
    return this.options.renderWrapper ? ["div", { class: "tableWrapper" }, table] : table
  },

  addNodeView() {
    const tableView = this.parent?.()
    if (!tableView) return null
    return (props) => {
      const view = tableView(props)
      // Shown above the rows, outside what ProseMirror edits (the view ignores changes there).
      const caption = document.createElement("caption")
      caption.className = "prose-table-caption"
      caption.contentEditable = "false"
      const show = (node) => {
        caption.textContent = node.attrs.caption || ""
        caption.hidden = !node.attrs.caption
      }
      show(props.node)
      view.table.insertBefore(caption, view.table.firstChild)
      const update = view.update.bind(view)
      view.update = (node) => {
        if (!update(node)) return false
        show(node)
        return true
      }
      return view
    }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      editTableCaption:
        () =>
        ({ editor, state, dispatch }) => {
          const table = findTable(state.selection)
          if (!table) return false
          if (!dispatch) return true
          captionDialog(editor, table.node.attrs.caption).then((values) => {
            if (!values) return
            const caption = captionText(values.caption)
            editor
              .chain()
              .focus()
              .command(({ tr }) => {
                const node = tr.doc.nodeAt(table.pos)
                if (node?.type.name !== "table") return false
                tr.setNodeMarkup(table.pos, undefined, { ...node.attrs, caption })
                return true
              })
              .run()
          })
          return true
        },
    }
  },

  addMenuItems({ editor, buttons, menu }) {
    this.parent?.({ editor, buttons, menu })
    menu.defineItem({
      name: "table:caption",
      groups: "table",
      command(editor) {
        editor.chain().editTableCaption().run()
      },
      button: buttons.svg(ICON, gettext("Légende du tableau")),
      hidden(editor) {
        return !editor.isActive("table")
      },
      active(editor) {
        return !!findTable(editor.state.selection)?.node.attrs.caption
      },
    })
  },
})
