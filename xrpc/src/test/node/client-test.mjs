// Drives a running pdsaccounts demo server (dev mode) with the official @atproto/api client and asserts every
// step. Exits non-zero on the first mismatch.
//
//   PDS_URL             the demo's URL (default http://127.0.0.1:2583)
//   PDS_ADMIN_PASSWORD  the demo's admin password (required)
//
// The demo must run with --dev: email tokens are read from its GET /dev/outbox.
import assert from 'node:assert/strict'
import { AtpAgent } from '@atproto/api'
import { adminAuthorization, step, stepsPassed } from './steps.mjs'

const service = process.env.PDS_URL || 'http://127.0.0.1:2583'
const adminPassword = process.env.PDS_ADMIN_PASSWORD
if (!adminPassword) {
  console.error('PDS_ADMIN_PASSWORD is required')
  process.exit(2)
}
const adminAuth = adminAuthorization(adminPassword)


/** Asserts that `promise` rejects with an XRPC error of this name (and status). */
async function rejectsWith(promise, error, status) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.error, error, `expected error ${error}, got ${err.error}: ${err.message}`)
    if (status) assert.equal(err.status, status)
    return true
  })
}

/**
 * The newest outbox mail to `to` with this template (dev mode only). Waits up to 5 s: a password-reset mail is
 * sent by a background task, after the call has answered.
 */
async function mailedToken(to, template) {
  let mail
  for (let attempt = 0; attempt < 50 && !mail; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 100))
    const res = await fetch(`${service}/dev/outbox?to=${encodeURIComponent(to)}`)
    assert.equal(res.status, 200, 'GET /dev/outbox (is the demo running with --dev?)')
    const mails = await res.json()
    mail = mails.filter((m) => m.template === template).at(-1)
  }
  assert.ok(mail, `no ${template} mail to ${to}`)
  assert.match(mail.token, /^[A-Z2-7]{5}-[A-Z2-7]{5}$/)
  return mail.token
}

const suffix = Date.now().toString(36).slice(-6)
const handle = `client${suffix}.test`
const email = `client${suffix}@mail.test`
const password = 'first-password'
const newPassword = 'second-password'

const admin = new AtpAgent({ service })
const agent = new AtpAgent({ service })
let inviteCode
let did

await step('describeServer', async () => {
  const { data } = await admin.com.atproto.server.describeServer()
  assert.ok(data.did.startsWith('did:'))
  assert.ok(data.availableUserDomains.includes('.test'))
})

await step('admin creates an invite code', async () => {
  await rejectsWith(admin.com.atproto.server.createInviteCode({ useCount: 1 }), 'AuthenticationRequired', 401)
  const { data } = await admin.com.atproto.server.createInviteCode(
    { useCount: 1 },
    { headers: { authorization: adminAuth } },
  )
  assert.match(data.code, /-[a-z2-7]{5}-[a-z2-7]{5}$/)
  inviteCode = data.code
})

await step('createAccount', async () => {
  const { data } = await agent.createAccount({ handle, email, password, inviteCode })
  assert.equal(data.handle, handle)
  assert.match(data.did, /^did:plc:[a-z2-7]{24}$/)
  assert.ok(data.accessJwt && data.refreshJwt)
  did = data.did
  assert.equal(agent.session.did, did)
  await rejectsWith(
    new AtpAgent({ service }).createAccount({ handle: `other${suffix}.test`, email: `o${email}`, password, inviteCode }),
    'InvalidInviteCode',
    400,
  )
})

await step('login by handle', async () => {
  const a = new AtpAgent({ service })
  const { data } = await a.login({ identifier: handle, password })
  assert.equal(data.did, did)
  assert.equal(data.email, email)
  assert.equal(data.active, true)
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password: 'wrong' }), 'AuthenticationRequired', 401)
})

const session = new AtpAgent({ service })
await step('login by email', async () => {
  const { data } = await session.login({ identifier: email.toUpperCase(), password })
  assert.equal(data.did, did)
  assert.equal(data.handle, handle)
})

await step('refreshSession', async () => {
  const before = session.session.refreshJwt
  await session.sessionManager.refreshSession()
  assert.ok(session.session, 'still has a session')
  assert.notEqual(session.session.refreshJwt, before)
  assert.equal(session.session.did, did)
})

await step('getSession', async () => {
  const { data } = await session.com.atproto.server.getSession()
  assert.equal(data.did, did)
  assert.equal(data.handle, handle)
  assert.equal(data.email, email)
  assert.equal(data.emailConfirmed, false)
})

let appPassword
await step('createAppPassword', async () => {
  const { data } = await session.com.atproto.server.createAppPassword({ name: 'client test' })
  assert.equal(data.name, 'client test')
  assert.match(data.password, /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/)
  appPassword = data.password
  const app = new AtpAgent({ service })
  const login = await app.login({ identifier: handle, password: appPassword })
  assert.equal(login.data.did, did)
  await rejectsWith(app.com.atproto.server.createAppPassword({ name: 'nested' }), 'InvalidToken', 400)
})

await step('listAppPasswords', async () => {
  const { data } = await session.com.atproto.server.listAppPasswords()
  assert.deepEqual(data.passwords.map((p) => p.name), ['client test'])
  assert.equal(data.passwords[0].password, undefined, 'no secret listed')
})

await step('revokeAppPassword', async () => {
  await session.com.atproto.server.revokeAppPassword({ name: 'client test' })
  const { data } = await session.com.atproto.server.listAppPasswords()
  assert.equal(data.passwords.length, 0)
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password: appPassword }), 'AuthenticationRequired', 401)
})

await step('disposable email refused', async () => {
  await rejectsWith(agent.com.atproto.server.updateEmail({ email: `x${suffix}@mailinator.com` }), 'InvalidRequest', 400)
})

await step('sync.getRepoStatus', async () => {
  const { data } = await agent.com.atproto.sync.getRepoStatus({ did })
  assert.equal(data.did, did)
  assert.equal(data.active, true)
  await rejectsWith(agent.com.atproto.sync.getRepoStatus({ did: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' }), 'RepoNotFound', 400)
})

await step('signPlcOperation + submitPlcOperation (dev PLC directory)', async () => {
  await rejectsWith(agent.com.atproto.identity.signPlcOperation({}), 'InvalidRequest', 400)
  await agent.com.atproto.identity.requestPlcOperationSignature()
  const token = await mailedToken(email, 'plcOperation')
  const res = await fetch(`${service}/dev/plc/${did}/data`)
  assert.equal(res.status, 200)
  const state = await res.json()
  assert.ok(state.rotationKeys.length >= 1)
  const { data } = await agent.com.atproto.identity.signPlcOperation({
    token,
    alsoKnownAs: [`at://${handle}`, `https://example.com/${suffix}`],
  })
  const op = data.operation
  assert.deepEqual(op.rotationKeys, state.rotationKeys)
  assert.equal(op.alsoKnownAs[1], `https://example.com/${suffix}`)
  await agent.com.atproto.identity.submitPlcOperation({ operation: op })
  const last = await (await fetch(`${service}/dev/plc/${did}/log/last`)).json()
  assert.equal(last.sig, op.sig)
})

await step('email sign-in code: emailAuthFactor on, AuthFactorTokenRequired, login with authFactorToken', async () => {
  await agent.com.atproto.server.requestEmailConfirmation()
  await agent.com.atproto.server.confirmEmail({ email, token: await mailedToken(email, 'confirmEmail') })
  const { data: request } = await agent.com.atproto.server.requestEmailUpdate()
  assert.equal(request.tokenRequired, true)
  const update = await mailedToken(email, 'updateEmail')
  await agent.com.atproto.server.updateEmail({ email, token: update, emailAuthFactor: true })
  const { data: info } = await agent.com.atproto.server.getSession()
  assert.equal(info.emailAuthFactor, true)
  assert.equal(info.emailConfirmed, true)

  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password }), 'AuthFactorTokenRequired', 401)
  const code = await mailedToken(email, 'signInCode')
  await rejectsWith(
    new AtpAgent({ service }).login({ identifier: handle, password: 'wrong', authFactorToken: code }),
    'AuthenticationRequired',
    401,
  )
  const wrong = code === 'AAAAA-AAAAA' ? 'BBBBB-BBBBB' : 'AAAAA-AAAAA'
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password, authFactorToken: wrong }), 'InvalidToken', 400)
  const { data } = await new AtpAgent({ service }).login({ identifier: handle, password, authFactorToken: code })
  assert.equal(data.did, did)
  assert.equal(data.emailAuthFactor, true)
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password, authFactorToken: code }), 'InvalidToken', 400)

  // Off again (a token, the same email, emailAuthFactor false): the next steps log in with the password alone.
  await agent.com.atproto.server.requestEmailUpdate()
  await agent.com.atproto.server.updateEmail({ email, token: await mailedToken(email, 'updateEmail'), emailAuthFactor: false })
  const { data: plain } = await new AtpAgent({ service }).login({ identifier: handle, password })
  assert.equal(plain.emailAuthFactor, false)
})

await step('requestPasswordReset + resetPassword', async () => {
  await agent.com.atproto.server.requestPasswordReset({ email })
  const token = await mailedToken(email, 'resetPassword')
  await rejectsWith(agent.com.atproto.server.resetPassword({ token: 'AAAAA-AAAAA', password: newPassword }), 'InvalidToken', 400)
  await agent.com.atproto.server.resetPassword({ token, password: newPassword })
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password }), 'AuthenticationRequired', 401)
  const { data } = await new AtpAgent({ service }).login({ identifier: handle, password: newPassword })
  assert.equal(data.did, did)
  await rejectsWith(agent.com.atproto.server.resetPassword({ token, password: 'third' }), 'InvalidToken', 400)
})

await step('requestAccountDelete + deleteAccount', async () => {
  const owner = new AtpAgent({ service })
  await owner.login({ identifier: handle, password: newPassword })
  await owner.com.atproto.server.requestAccountDelete()
  const token = await mailedToken(email, 'deleteAccount')
  await rejectsWith(
    owner.com.atproto.server.deleteAccount({ did, password: 'wrong', token }),
    'AuthenticationRequired',
    401,
  )
  await owner.com.atproto.server.deleteAccount({ did, password: newPassword, token })
  await rejectsWith(new AtpAgent({ service }).login({ identifier: handle, password: newPassword }), 'AuthenticationRequired', 401)
})

console.log(`${stepsPassed()} passed, 0 failed`)
