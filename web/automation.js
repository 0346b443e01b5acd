// window.offerscope: the page's automation API (documented in the README). Every call goes
// to the app's own C++ (web/automation.cpp); nothing here keeps state of its own.
(function () {
  var call = function (name, ret, types, args) { return Module.ccall(name, ret, types || [], args || []); };
  window.offerscope = {
    // Resolves once the first offers are on screen.
    ready: function () {
      return new Promise(function (resolve) {
        (function poll() {
          if (Module.calledRun && call('offerscope_ready', 'number')) resolve(window.offerscope.state());
          else setTimeout(poll, 50);
        })();
      });
    },
    // {view, rows: ["provider:id", ... in display order], total, loading, snapshot, ...}
    state: function () { return JSON.parse(call('offerscope_state', 'string')); },
    setQuery: function (q) { call('offerscope_set_query', null, ['string'], [q]); },
    selectRow: function (i) { call('offerscope_select_row', null, ['number'], [i]); },
    sortBy: function (keys) { return call('offerscope_sort_by', 'number', ['string'], [keys]) === 1; },
    compareRow: function (i) { call('offerscope_compare_row', null, ['number'], [i]); },
    exportCsv: function () { return call('offerscope_export_csv', 'string'); },
    loadSynthetic: function (n) { call('offerscope_load_synthetic', null, ['number'], [n]); },
    frameTimes: function () { return JSON.parse(call('offerscope_frame_times', 'string')); },
    benchQuery: function (q, sort, repeats) {
      return call('offerscope_bench_query', 'number', ['string', 'string', 'number'], [q, sort, repeats || 7]);
    },
    // Where display row i's point is in the scatter chart (CSS px), or null.
    chartPoint: function (i) {
      var x = call('offerscope_chart_point_x', 'number', ['number'], [i]);
      var y = call('offerscope_chart_point_y', 'number', ['number'], [i]);
      return x < 0 ? null : { x: x, y: y };
    },
  };
})();
