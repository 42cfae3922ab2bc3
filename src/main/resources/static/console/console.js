// Admin console: small progressive enhancements only; every page works without this file.
(function () {
  'use strict';
  // screenshot drop zone on the flag form: dropped files join the file input (DataTransfer), listed by name
  function initDrop(zone) {
    var input = document.getElementById(zone.getAttribute('data-input'));
    var list = document.getElementById(zone.getAttribute('data-list'));
    if (!input) return;
    function show() {
      if (!list) return;
      list.textContent = '';
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement('li');
        li.textContent = f.name + ' (' + Math.round(f.size / 1024) + ' KB)';
        list.appendChild(li);
      });
    }
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      var dt = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { dt.items.add(f); });
      input.files = dt.files;
      show();
    });
    input.addEventListener('change', show);
  }
  // forms whose submit asks for confirmation first (bulk actions): data-confirm holds the question
  function initConfirm(form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-drop]'), initDrop);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), initConfirm);
  });
})();
