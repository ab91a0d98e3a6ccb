// QPU registry (admins): register a QPU, which shows its access token, the CA fingerprint
// and how to start its qpid once (the controller writes those lines, as for
// `qctl qpu create`), and enable or disable QPUs.

import { list, qpuName } from "../lists.js";
import { badge, busy, field, h, showMessage, table } from "../ui.js";

export async function renderRegistry(view, { client }) {
  const name = h("input", { id: "registry-name", required: true, pattern: "[A-Za-z0-9_.\\-]+" });
  const qubits = h("input", { id: "registry-qubits", type: "number", min: "1", value: "16", required: true });
  const executor = h("input", { id: "registry-executor", value: "sim", required: true });
  const controller = h("input", { id: "registry-controller", placeholder: "ControlAddr:ControlPort" });
  const submit = h("button", { type: "submit", class: "primary" }, "Register");
  const form = h("form", { class: "inline panel", id: "registry-form", "aria-label": "Register a QPU" },
    field("Name", name), field("Qubits", qubits), field("Executor", executor, "sim, or an external executor's name"),
    field("Controller", controller, "HOST:PORT of the command listener as the QPU's host reaches it"), submit);
  const secret = h("div", { id: "registry-secret", "aria-live": "polite" });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const created = await client.createQPU({
        name: name.value.trim(),
        qubits: Number(qubits.value),
        executor: executor.value.trim(),
        controller: controller.value.trim() || undefined,
      });
      secret.replaceChildren(h("div", { class: "secret", role: "alert" },
        h("strong", {}, `QPU ${created.qpu?.name ?? created.name ?? name.value} registered. Copy these now: they are not shown again.`),
        h("div", {}, "Access token"), h("code", { id: "registry-token" }, created.token),
        h("div", {}, "CA fingerprint (SHA-256)"), h("code", { id: "registry-fingerprint" }, created.ca_fingerprint),
        h("div", {}, "On the QPU's host, with QPI installed, start its node daemon by hand"),
        h("code", { id: "registry-command" }, created.node_command),
        h("div", {}, "or, as root, install it as a systemd service"),
        h("pre", {}, h("code", { id: "registry-setup" }, created.node_setup.join("\n")))));
      form.reset();
      await refresh();
    });
  });
  const listArea = h("div", { id: "registry-list" });
  view.append(form, secret, h("h2", {}, "QPUs"), listArea);

  async function refresh() {
    const rows = list(await client.listQPUs(), "qpus");
    listArea.replaceChildren(table(
      [
        ["Name", (e) => qpuName(e)],
        ["State", (e) => badge((e.qpu ?? e).state)],
        ["Qubits", (e) => String((e.qpu ?? e).qubits)],
        ["Executor", (e) => (e.qpu ?? e).executor],
        ["", (e) => toggle(e)],
      ],
      rows,
      { empty: "No QPUs.", rowAttributes: (e) => ({ id: `registry-${qpuName(e)}` }) },
    ));
  }

  function toggle(entry) {
    const qpu = entry.qpu ?? entry;
    const enabled = qpu.state !== "DISABLED";
    const button = h("button", { type: "button", class: enabled ? "danger" : "primary" }, enabled ? "Disable" : "Enable");
    button.addEventListener("click", () =>
      busy(button, async () => {
        await client.toggleQPU(qpu.name, { enabled: !enabled });
        showMessage(`${qpu.name} ${enabled ? "disabled" : "enabled"}`, "success");
        await refresh();
      }));
    return button;
  }

  await refresh();
}
