// What both client tests share: numbered TAP-style steps (the first failing one ends the process) and the
// admin's Basic credentials.

let passed = 0

// Runs one step: prints "ok N - name", or "not ok N - name" with the error, and exits 1 on failure.
export async function step(name, fn) {
  try {
    await fn()
    passed++
    console.log(`ok ${passed} - ${name}`)
  } catch (err) {
    console.log(`not ok ${passed + 1} - ${name}`)
    console.error(err)
    process.exit(1)
  }
}

// How many steps have passed so far.
export function stepsPassed() {
  return passed
}

// The Authorization header of the demo's admin routes.
export function adminAuthorization(adminPassword) {
  return 'Basic ' + Buffer.from(`admin:${adminPassword}`).toString('base64')
}
