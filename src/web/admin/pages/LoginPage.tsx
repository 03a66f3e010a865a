import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Alert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Logo } from '../../ui/Logo.tsx';
import { api, ApiError, errorMessage, issueFor } from '../api.ts';
import { meQuery } from '../queries.ts';
import { safeRedirect } from '../session.ts';
import { useTitle } from '../use-title.ts';

const route = getRouteApi('/login');

export function LoginPage() {
  const { redirect } = route.useSearch();
  useTitle('Sign in');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});

  const login = useMutation({
    mutationFn: () => api.login(email.trim(), password),
    onSuccess: async (me) => {
      queryClient.setQueryData(meQuery.queryKey, me);
      await navigate({ href: safeRedirect(redirect) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems = {
      ...(email.trim() ? {} : { email: 'Enter your email address' }),
      ...(password ? {} : { password: 'Enter your password' }),
    };
    setMissing(problems);
    if (problems.email || problems.password) return;
    login.mutate();
  }

  const error = login.error;
  const emailError = missing.email ?? issueFor(error, 'email');
  const passwordError = missing.password ?? issueFor(error, 'password');
  const showAlert = error && !(error instanceof ApiError && error.code === 'validation_failed' && (emailError || passwordError));

  return (
    <div className="login-screen">
      <Card className="login-card" flush>
        <div className="login-brand">
          <Logo size={36} />
        </div>
        <div>
          <h1>Sign in</h1>
          <p className="muted">Use the account your Corridor administrator gave you.</p>
        </div>
        {showAlert && (
          <Alert tone="error" testId="login-error">
            {errorMessage(error)}
          </Alert>
        )}
        <form className="form-grid" onSubmit={submit} noValidate>
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={emailError}
            data-testid="login-email"
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={passwordError}
            data-testid="login-password"
          />
          <Button type="submit" variant="primary" className="btn-block" loading={login.isPending} data-testid="login-submit">
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
        <p className="login-foot">Corridor · open-source customer experience management</p>
      </Card>
    </div>
  );
}
