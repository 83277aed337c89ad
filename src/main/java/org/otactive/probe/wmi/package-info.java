/**
 * WMI over DCOM (MS-WMI): what Windows Endpoint Monitoring asks a Windows host, one session per
 * host, every packet through the probe context's gate.
 *
 * <h2>The public API</h2>
 *
 * <ul>
 *   <li>{@link org.otactive.probe.wmi.WmiSettings}: the account (as
 *       {@link org.otactive.probe.wmi.ntlm.Credentials}), namespace, authentication level (privacy
 *       by default, integrity when asked), call and {@code Next} timeouts, batch size and the
 *       per-host deadline. Validated on construction.
 *   <li>{@link org.otactive.probe.wmi.WmiClient#query}: one WQL query against one host, start to
 *       end, with its cost and duration: the staging test.
 *   <li>{@link org.otactive.probe.wmi.WindowsHostCollector}: one host's facts
 *       ({@link org.otactive.probe.wmi.WindowsFacts}) as a probe {@code Outcome}.
 *   <li>{@link org.otactive.probe.wmi.WmiSession}: the conversation itself, for callers that need
 *       more than one query ({@code query}, {@code getObject}, {@code execMethod}), and
 *       {@link org.otactive.probe.wmi.StdRegistry} for the registry through it.
 *   <li>{@link org.otactive.probe.wmi.WmiException}: every failure, with a reason from a closed set
 *       ({@code port-135-unreachable}, {@code activation-denied}, {@code login-denied},
 *       {@code timeout}, …) and the details in plain words; {@code toOutcome()} for a result row.
 * </ul>
 *
 * <h2>The conversation (and why it is shaped so)</h2>
 *
 * A session makes at most two TCP connections, one after the other: port 135 for
 * {@code RemoteCreateInstance} of {@code WbemLevel1Login} at the configured level (hardened
 * Windows refuses activation below integrity), closed as soon as it answers; then the object
 * exporter's port, taken from the first TCP string binding of the answer but always on the
 * target's own address, at the higher of the configured level and the host's hint. There:
 * {@code NTLMLogin} to the namespace; {@code ExecQuery} with forward-only and return-immediately
 * (the host streams objects instead of building the whole result, and keeps none for rewinding);
 * {@code IEnumWbemClassObject::Next} in batches with a finite timeout, where WBEM_S_TIMEDOUT means
 * ask again and WBEM_S_FALSE may come with the last objects; for the registry, {@code GetObject}
 * of StdRegProv once (its methods' own {@code __PARAMETERS} classes) and {@code ExecMethod} of
 * {@code EnumKey} and {@code GetStringValue}. At the end one {@code RemRelease} gives back every
 * public reference received, with the exact counts, and the connection closes. There is no
 * pinging: the collection is over long before a host would miss one.
 *
 * <p>Installed software comes from the Uninstall keys of both registry views, never from
 * {@code Win32_Product}: querying that class makes Windows run a consistency check (and possibly
 * a repair) of every MSI package, which is exactly the kind of load an OT host must be spared.
 * The 32-bit view is read as the {@code SOFTWARE\WOW6432Node} subtree through the host's native
 * provider, which needs no {@code IWbemContext} (a {@code __ProviderArchitecture} context would be
 * one more object to marshal for the same keys).
 *
 * <h2>Time and failure</h2>
 *
 * Every read ends by the per-host deadline (the read timeout is cut to what is left), so a host
 * that stops answering costs at most that deadline. A stop closes the connections through the
 * gate, and nothing more is sent. A query refused with a WMI error costs only its own facts; any
 * other failure ends the host with a {@link org.otactive.probe.wmi.WmiException} whose message
 * names the stage (activation, login, the query, …), the status with its name, and its likely
 * cause.
 *
 * <p>Strings from a host are untrusted: the collector keeps them only through
 * {@link org.otactive.probe.wmi.WmiText#sanitize} (no control or format characters, no markup,
 * bounded length), lists as one value per attribute so a change is one old → new.
 */
package org.otactive.probe.wmi;
