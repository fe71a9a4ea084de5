// Returns console: progressive enhancement only; every page works without this file.
(function () {
  'use strict';

  // as-of slider: show the chosen event's time next to it
  function wireSlider(root) {
    root.querySelectorAll('input[data-times]').forEach(function (slider) {
      var times = JSON.parse(slider.getAttribute('data-times'));
      var out = document.getElementById(slider.getAttribute('aria-describedby'));
      var show = function () { if (out) { out.textContent = '#' + slider.value + ' · ' + times[slider.value - 1]; } };
      slider.addEventListener('input', show);
      show();
    });
  }

  // exchange fields only matter for the exchange method
  function wireSettle(root) {
    root.querySelectorAll('select[data-exchange]').forEach(function (select) {
      var box = document.getElementById(select.getAttribute('data-exchange'));
      var toggle = function () { if (box) { box.hidden = select.value !== 'EXCHANGE'; } };
      select.addEventListener('change', toggle);
      toggle();
    });
  }

  // charts: data prepared by the server, labels already translated
  function drawCharts() {
    var holder = document.getElementById('chart-data');
    if (!holder || typeof Chart === 'undefined') { return; }
    var data = JSON.parse(holder.getAttribute('data-charts'));
    var palette = ['#0b5cad', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0f766e', '#a16207'];
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var key = canvas.getAttribute('data-chart');
      var chart = data[key];
      if (!chart) { return; }
      chart.datasets.forEach(function (set, i) {
        set.backgroundColor = palette[i % palette.length];
        set.borderColor = palette[i % palette.length];
      });
      new Chart(canvas, {
        type: canvas.getAttribute('data-type') || 'bar',
        data: chart,
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: chart.datasets.length > 1 } } }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    wireSlider(document);
    wireSettle(document);
    drawCharts();
  });
  document.addEventListener('htmx:afterSwap', function (e) { wireSlider(e.target); wireSettle(e.target); });
})();
