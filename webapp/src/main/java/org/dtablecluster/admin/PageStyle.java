package org.dtablecluster.admin;

/** The admin page's style sheet, inline so that the page needs nothing from anywhere else. */
final class PageStyle {

    private PageStyle() {
    }

    static final String CSS = """
            :root { color-scheme: light; --ink: #1d232a; --muted: #5b6570; --line: #d9dee3; --bad: #b3261e;
              --ok: #1e7b34; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1280px; padding: 16px 24px 32px; color: var(--ink);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap;
              border-bottom: 1px solid var(--line); margin-bottom: 12px; }
            h1 { font-size: 22px; margin: 8px 0; }
            h2 { font-size: 17px; margin: 20px 0 8px; }
            h3 { font-size: 15px; margin: 14px 0 6px; }
            .meta, .hint { color: var(--muted); margin: 4px 0; }
            .bad { color: var(--bad); font-weight: 600; }
            .drained { color: var(--bad); font-style: italic; }
            .ok { color: var(--ok); }
            .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px; }
            .fact { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
            .fact .label { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase;
              letter-spacing: .04em; }
            .fact .value { display: block; font-size: 16px; font-weight: 600; overflow-wrap: anywhere; }
            .columns { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; }
            .columns > section { flex: 1 1 460px; min-width: 0; }
            table.grid { border-collapse: separate; border-spacing: 2px; }
            table.grid th { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted);
              font-weight: normal; padding: 0 3px; }
            .cell { width: 32px; height: 26px; text-align: center; background: var(--c); border-radius: 3px;
              font: 11px ui-monospace, "DejaVu Sans Mono", monospace; color: #111; }
            .cell.down { background: repeating-linear-gradient(45deg, var(--c) 0 5px, #fff 5px 9px);
              outline: 2px solid var(--bad); outline-offset: -2px; }
            .cell.none { background: repeating-linear-gradient(45deg, #d5d5d5 0 5px, #f4f4f4 5px 9px); color: #777; }
            .legend { list-style: none; padding: 0; margin: 10px 0 4px; display: flex; flex-wrap: wrap; gap: 6px 16px; }
            .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; margin-right: 6px;
              vertical-align: -2px; background: var(--c); border: 1px solid rgba(0,0,0,.15); }
            .swatch.down { background: repeating-linear-gradient(45deg, var(--c) 0 3px, #fff 3px 6px);
              border-color: var(--bad); }
            .swatch.none { background: repeating-linear-gradient(45deg, #d5d5d5 0 3px, #f4f4f4 3px 6px); }
            table.nodes, table.timeline { border-collapse: collapse; width: 100%; }
            table.nodes th, table.nodes td, table.timeline th, table.timeline td { text-align: left; padding: 6px 8px;
              border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
            table.nodes th, table.timeline th { color: var(--muted); font-weight: 600; font-size: 12px;
              overflow-wrap: normal; }
            table.nodes td:first-child, table.timeline td:first-child { white-space: nowrap; }
            table.timeline tr.failed td { background: #fdf0ef; }
            td.num { font-weight: 600; min-width: 90px; }
            .bar { display: block; height: 4px; margin-top: 4px; background: var(--muted); border-radius: 2px; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
            dt { color: var(--muted); }
            dd { margin: 0; overflow-wrap: anywhere; }
            .moves { columns: 3 220px; padding-left: 18px; margin: 8px 0; }
            footer { margin-top: 28px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); }
            code { font: 12.5px ui-monospace, "DejaVu Sans Mono", monospace; }
            """;
}
