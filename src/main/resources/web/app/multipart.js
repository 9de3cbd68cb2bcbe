// The one-request upload (§5), for servers without tus: same interface as tusUpload, but a pause
// or a dropped connection starts the file again from its first byte.
import { authHeaders, qs, words, ApiError, refresh, session } from "./api.js";

export function multipartUpload(task, cb) {
  let xhr = null, stopped = false;
  function run(again) {
    const body = new FormData();
    body.append("file", task.file, task.name);
    xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/store/asset/upload?" + qs({ folder: task.folder, on_conflict: task.onConflict }));
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => cb.progress(e.loaded * task.file.size / Math.max(1, e.total));
    xhr.onload = async () => {
      let j = null; try { j = JSON.parse(xhr.responseText); } catch { /* no body */ }
      if (xhr.status === 201) return cb.done(j);
      if (xhr.status === 401 && !again && session.mode === "password" && (await refresh())) return run(true);
      cb.error(new ApiError(xhr.status, words(xhr.status, j), j));
    };
    xhr.onerror = () => { if (!stopped) cb.retrying("The connection dropped. Press resume to send it again."); };
    xhr.send(body);
  }
  run(false);
  return {
    resumable: false,
    pause() { stopped = true; xhr.abort(); },
    resume() { stopped = false; cb.progress(0); run(false); },
    retryNow() {},
    cancel() { stopped = true; xhr.abort(); },
  };
}
